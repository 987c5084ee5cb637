package org.gatewaydoctor.checks.phpfpm.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Users and groups as {@code /etc/passwd} and {@code /etc/group} list them (read only, bounded), enough to tell
 * whether a user may open a socket: its uid, primary gid and supplementary groups. Accounts only known to NSS
 * (LDAP, systemd-userdb) are not seen; callers say so when a name is unknown.
 */
public final class Accounts {

    /** The most bytes read from either file. */
    static final int MAX_BYTES = 4 << 20;

    /** One user. */
    public record User(String name, int uid, int gid) {
        public User {
            Objects.requireNonNull(name, "name");
        }
    }

    /** One group with its listed members. */
    public record Group(String name, int gid, List<String> members) {
        public Group {
            Objects.requireNonNull(name, "name");
            members = List.copyOf(members);
        }
    }

    private final Map<String, User> users = new HashMap<>();
    private final Map<Integer, User> usersById = new HashMap<>();
    private final Map<String, Group> groups = new HashMap<>();
    private final Map<Integer, Group> groupsById = new HashMap<>();

    private Accounts() {
    }

    /** Reads {@code root/etc/passwd} and {@code root/etc/group}; missing or unreadable files give no accounts. */
    public static Accounts read(Path root) {
        Accounts a = new Accounts();
        for (String[] f : lines(root.resolve("etc/passwd"))) {
            if (f.length >= 4) {
                Integer uid = number(f[2]);
                Integer gid = number(f[3]);
                if (uid != null && gid != null && !f[0].isEmpty()) {
                    User u = new User(f[0], uid, gid);
                    a.users.putIfAbsent(u.name(), u);
                    a.usersById.putIfAbsent(uid, u);
                }
            }
        }
        for (String[] f : lines(root.resolve("etc/group"))) {
            if (f.length >= 3) {
                Integer gid = number(f[2]);
                if (gid != null && !f[0].isEmpty()) {
                    List<String> members = new ArrayList<>();
                    if (f.length >= 4) {
                        for (String m : f[3].split(",")) {
                            if (!m.isBlank()) {
                                members.add(m.strip());
                            }
                        }
                    }
                    Group g = new Group(f[0], gid, members);
                    a.groups.putIfAbsent(g.name(), g);
                    a.groupsById.putIfAbsent(gid, g);
                }
            }
        }
        return a;
    }

    /** A user by name, or by a numeric uid written as a name. */
    public Optional<User> user(String nameOrId) {
        User u = users.get(nameOrId);
        if (u == null) {
            Integer id = number(nameOrId);
            if (id != null) {
                u = usersById.get(id);
            }
        }
        return Optional.ofNullable(u);
    }

    /** A group by name, or by a numeric gid written as a name. */
    public Optional<Group> group(String nameOrId) {
        Group g = groups.get(nameOrId);
        if (g == null) {
            Integer id = number(nameOrId);
            if (id != null) {
                g = groupsById.get(id);
            }
        }
        return Optional.ofNullable(g);
    }

    /** The name of a uid, or the number. */
    public String userName(int uid) {
        User u = usersById.get(uid);
        return u == null ? Integer.toString(uid) : u.name();
    }

    /** The name of a gid, or the number. */
    public String groupName(int gid) {
        Group g = groupsById.get(gid);
        return g == null ? Integer.toString(gid) : g.name();
    }

    /** Every gid the user is in: its primary group and each group listing it as a member. */
    public Set<Integer> gidsOf(User u) {
        Set<Integer> gids = new LinkedHashSet<>();
        gids.add(u.gid());
        for (Group g : groups.values()) {
            if (g.members().contains(u.name())) {
                gids.add(g.gid());
            }
        }
        return gids;
    }

    private static Integer number(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return null;
        }
        for (int k = 0; k < s.length(); k++) {
            if (s.charAt(k) < '0' || s.charAt(k) > '9') {
                return null;
            }
        }
        long v = Long.parseLong(s);
        return v > Integer.MAX_VALUE ? null : (int) v;
    }

    private static List<String[]> lines(Path file) {
        List<String[]> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try (InputStream in = Files.newInputStream(file);
             BufferedReader r = new BufferedReader(new InputStreamReader(
                     new BoundedInput(in, MAX_BYTES), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.split(":", -1));
                }
            }
        } catch (IOException e) {
            // unreadable: no accounts from this file
        }
        return out;
    }

    /** An input stream that ends after {@code max} bytes. */
    static final class BoundedInput extends InputStream {
        private final InputStream in;
        private long left;

        BoundedInput(InputStream in, long max) {
            this.in = in;
            this.left = max;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
