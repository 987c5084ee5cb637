package org.gatewaydoctor.internal.logs.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** The lines of the checks modules' real log fixtures, for the tests that compare readers on bytes and on text. */
final class FixtureLines {

    private FixtureLines() {
    }

    /** Every line (without its line break) of every fixture whose bytes are ASCII without NUL. */
    static List<byte[]> ascii() throws IOException {
        Path root = Path.of(System.getProperty("basedir", "."), "..");
        List<byte[]> out = new ArrayList<>();
        for (String module : List.of("checks-http", "checks-phpfpm", "checks-wordpress")) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root.resolve(module).resolve("src/test/resources/fixtures"))) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                byte[] all = Files.readAllBytes(f);
                int start = 0;
                for (int i = 0; i <= all.length; i++) {
                    if (i == all.length || all[i] == '\n') {
                        if (Bytes.kinds(all, start, i) == 0) {
                            out.add(Arrays.copyOfRange(all, start, i));
                        }
                        start = i + 1;
                    }
                }
            }
        }
        return out;
    }
}
