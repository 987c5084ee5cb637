package org.gatewaydoctor.checks.phpfpm.internal.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A pool's socket: {@code listen} and {@code listen.*}.
 *
 * @param address where the pool listens; empty when {@code listen} is missing (PHP-FPM refuses that)
 * @param backlog {@code listen.backlog}; PHP-FPM's default on Linux, FreeBSD, OpenBSD and macOS is -1, which
 *     the kernel raises to {@code net.core.somaxconn} (elsewhere 511); see {@link #effectiveBacklog(int)}
 * @param owner {@code listen.owner}; unset means the user the master runs as
 * @param group {@code listen.group}; unset means the master's group
 * @param mode {@code listen.mode} as permission bits; PHP-FPM's default is 0660
 * @param allowedClients {@code listen.allowed_clients}, split at commas; unset means any client (TCP only)
 * @param aclUsers {@code listen.acl_users} (POSIX ACLs replace owner/group/mode when set)
 * @param aclGroups {@code listen.acl_groups}
 */
public record ListenSettings(
        Optional<Setting<ListenAddress>> address,
        Setting<Integer> backlog,
        Optional<Setting<String>> owner,
        Optional<Setting<String>> group,
        Setting<Integer> mode,
        Optional<Setting<List<String>>> allowedClients,
        Optional<Setting<String>> aclUsers,
        Optional<Setting<String>> aclGroups) {

    public ListenSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(backlog, "backlog");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(allowedClients, "allowedClients");
        Objects.requireNonNull(aclUsers, "aclUsers");
        Objects.requireNonNull(aclGroups, "aclGroups");
    }

    /**
     * The queue length Linux gives the socket: {@code listen(2)} caps the backlog at {@code somaxconn}, and a
     * negative backlog (PHP-FPM's default) becomes {@code somaxconn}.
     *
     * @param somaxconn {@code /proc/sys/net/core/somaxconn} (4096 since Linux 5.4, 128 before)
     */
    public int effectiveBacklog(int somaxconn) {
        int b = backlog.value();
        return b < 0 || b > somaxconn ? somaxconn : b;
    }

    /** {@code listen.mode} as four octal digits, e.g. {@code 0660}. */
    public String modeOctal() {
        return String.format(java.util.Locale.ROOT, "%04o", mode.value());
    }
}
