package org.gatewaydoctor.logs;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a scan read of one source.
 *
 * @param path the file (or {@code -} for standard input)
 * @param formats how many sampled lines were of each format (format detection by content)
 * @param bytes bytes read (after decompression)
 * @param lines lines read
 * @param complete whether the whole source was read (false: deadline, corrupt gzip, read error)
 * @param problems what went wrong, in full sentences
 */
public record ScannedFile(String path, Map<LogFormat, Long> formats, long bytes, long lines, boolean complete,
                          List<String> problems) {
    public ScannedFile {
        Objects.requireNonNull(path, "path");
        formats = Map.copyOf(formats);
        problems = List.copyOf(problems);
    }
}
