package org.gatewaydoctor.checks.phpfpm.internal.signatures;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatewaydoctor.logs.LogFormat;
import org.gatewaydoctor.logs.Signature;
import org.gatewaydoctor.logs.SignatureProvider;
import org.gatewaydoctor.model.CauseCode;
import org.gatewaydoctor.model.Layer;

/**
 * The kernel's OOM killer in the catalogue: which process it killed (often a PHP-FPM worker, sometimes
 * the database or the FPM master), in a whole machine or in a memory cgroup (container, systemd
 * unit with {@code MemoryMax=}).
 *
 * <p>Texts from the Linux source, mm/oom_kill.c: {@code __oom_kill_process} prints
 * {@code "%s: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB,
 * UID:%u pgtables:%lukB oom_score_adj:%hd"} where the prefix is {@code Out of memory} or
 * {@code Memory cgroup out of memory} ({@code out_of_memory}); kernels before 5.0 printed
 * {@code "%s: Kill process %d (%s) score %u or sacrifice child"} first. {@code dump_oom_summary}
 * prints the one-line summary {@code oom-kill:constraint=...,task=%s,pid=%d,uid=%d} and
 * {@code dump_header} names the task whose allocation failed: {@code "%s invoked oom-killer:
 * gfp_mask=%#x(%pGg), order=%d, oom_score_adj=%hd"}. The memory-cgroup lines of this module's test
 * fixtures were written by Linux 6.18 killing a real PHP-FPM 8.2 worker.
 *
 * <p>Fields: {@code pid} and {@code process} (the command name, at most 15 characters, e.g.
 * {@code php-fpm8.2}), {@code anonRss} (kB), {@code uid}; the summary adds {@code constraint},
 * {@code memcg} (the cgroup whose limit was hit) and {@code taskMemcg} (the killed task's cgroup,
 * e.g. {@code /system.slice/php8.2-fpm.service}).
 */
public final class KernelSignatureProvider implements SignatureProvider {

    /** Id prefix of these signatures. */
    public static final String PREFIX = "kernel.";

    private static final Set<LogFormat> KERNEL = Set.of(LogFormat.KERNEL);
    private static final String KILLED = "Killed process (?<pid>[0-9]{1,10}) \\((?<process>[^)]{0,64})\\)"
            + "(?: total-vm:[0-9]{1,20}kB, anon-rss:(?<anonRss>[0-9]{1,20})kB)?(?:[^\\n]{0,200}? UID:(?<uid>[0-9]{1,10}))?";

    /** A public no-argument constructor, for {@link java.util.ServiceLoader}. */
    public KernelSignatureProvider() {
    }

    @Override
    public List<Signature> signatures() {
        return List.of(
                sig("oom-killed", "Out of memory: Killed process ", "Out of memory: " + KILLED, 502,
                        "the machine ran out of memory and the kernel killed a process"),
                sig("memcg-oom-killed", "Memory cgroup out of memory: Killed process ",
                        "Memory cgroup out of memory: " + KILLED, 502,
                        "a memory cgroup (container, systemd MemoryMax=) hit its limit and the kernel killed a process"),
                // before Linux 5.0; "ut of memory" covers both "Out of memory" and "Memory cgroup out of memory"
                sig("oom-kill-process", "ut of memory: Kill process ",
                        "(?<scope>Out of memory|Memory cgroup out of memory): Kill process (?<pid>[0-9]{1,10}) "
                                + "\\((?<process>[^)]{0,64})\\) score (?<score>[0-9]{1,10})",
                        502, "the kernel's OOM killer chose a process to kill (kernels before 5.0)"),
                sig("oom-kill-summary", "oom-kill:constraint=",
                        "oom-kill:constraint=(?<constraint>[A-Z_]{1,32})[^\\n]{0,1024}?"
                                + "(?:,oom_memcg=(?<memcg>[^,]{1,512}))?(?:,task_memcg=(?<taskMemcg>[^,]{1,512}))?"
                                + ",task=(?<process>[^,]{0,64}),pid=(?<pid>[0-9]{1,10}),uid=(?<uid>[0-9]{1,10})",
                        null, "the OOM killer's one-line summary: the constraint, the cgroups and the task killed"),
                sig("oom-invoked", "invoked oom-killer: gfp_mask=",
                        "(?<process>[^\\s\\]]{1,64}) invoked oom-killer: gfp_mask=[^,]{1,256}, order=(?<order>[0-9]{1,2})",
                        null, "an allocation failed and started the OOM killer (the process named is the one that"
                                + " asked, not necessarily the one killed)"));
    }

    private static Signature sig(String id, String literal, String regex, Integer status, String title) {
        return new Signature(PREFIX + id, Layer.HOST, KERNEL, literal, Pattern.compile(regex), status,
                List.of(CauseCode.HOST_OUT_OF_MEMORY), title);
    }
}
