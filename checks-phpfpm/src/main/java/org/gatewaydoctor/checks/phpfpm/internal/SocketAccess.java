package org.gatewaydoctor.checks.phpfpm.internal;

import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a user may connect to a unix socket, by the kernel's rules: {@code connect(2)} needs write
 * permission on the socket file and search (x) permission on every directory above it; root may always. The
 * owner's bits apply to the owner, the group's bits to members of the group, the others' bits to everyone else.
 */
public final class SocketAccess {

    private SocketAccess() {
    }

    /** Owner, group and permission bits of one path. */
    public record Stat(Path path, int uid, int gid, int mode, boolean socket, boolean directory) {
        public Stat {
            Objects.requireNonNull(path, "path");
        }

        /** {@code 0660}. */
        public String modeOctal() {
            return String.format(Locale.ROOT, "%04o", mode & 07777);
        }
    }

    /** Reads a path's owner and mode without following a final symbolic link; empty when it cannot. */
    public static Optional<Stat> stat(Path p) {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            int type = mode & 0170000;
            return Optional.of(new Stat(p, (Integer) a.get("uid"), (Integer) a.get("gid"), mode & 07777,
                    type == 0140000, type == 0040000));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /** The directories above {@code socket}, outermost first, then the socket itself; stops at the first it cannot read. */
    public static List<Stat> chain(Path socket) {
        List<Path> paths = new ArrayList<>();
        for (Path p = socket.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            paths.add(0, p);
        }
        paths.add(socket);
        List<Stat> out = new ArrayList<>();
        for (Path p : paths) {
            Optional<Stat> s = stat(p);
            if (s.isEmpty()) {
                break;
            }
            out.add(s.get());
        }
        return out;
    }

    /**
     * What stops a user: the first path whose bits deny it, or empty when the user may connect.
     *
     * @param uid the user's uid
     * @param gids every group the user is in
     * @param chain as {@link #chain(Path)} returns it (directories, then the socket last)
     */
    public static Optional<Denial> denial(int uid, Set<Integer> gids, List<Stat> chain) {
        if (uid == 0) {
            return Optional.empty();
        }
        for (int k = 0; k < chain.size(); k++) {
            Stat s = chain.get(k);
            boolean last = k == chain.size() - 1;
            int need = last && !s.directory() ? 2 : 1; // w on the socket, x on a directory
            int bits;
            String as;
            if (s.uid() == uid) {
                bits = (s.mode() >> 6) & 7;
                as = "its owner";
            } else if (gids.contains(s.gid())) {
                bits = (s.mode() >> 3) & 7;
                as = "a member of its group";
            } else {
                bits = s.mode() & 7;
                as = "neither its owner nor in its group";
            }
            if ((bits & need) == 0) {
                return Optional.of(new Denial(s, as, need == 2 ? "write" : "search (x)"));
            }
        }
        return Optional.empty();
    }

    /**
     * Why a user may not connect.
     *
     * @param at the path whose permission bits deny it
     * @param as how those bits apply to the user ("its owner", "a member of its group", ...)
     * @param missing the permission missing
     */
    public record Denial(Stat at, String as, String missing) {
        public Denial {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(as, "as");
            Objects.requireNonNull(missing, "missing");
        }
    }
}
