package org.gatewaydoctor.checks.http.internal.config;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.gatewaydoctor.checks.http.internal.config.ApacheView.Likely;

/**
 * What httpd would decide for its conditional sections, as far as a configuration shows it, followed in
 * the configuration's order (httpd decides while it reads: a {@code LoadModule} after an
 * {@code <IfModule>} does not count for it).
 *
 * <ul>
 *   <li>{@code <IfModule [!]m>}: {@code m} is a module identifier ({@code proxy_fcgi_module}) or file
 *       ({@code mod_proxy_fcgi.c}); it is there when compiled in or loaded by an earlier
 *       {@code LoadModule}.</li>
 *   <li>{@code <IfDefine [!]name>}: defined by {@code -D} or an earlier {@code Define}.</li>
 *   <li>{@code <IfFile [!]path>}: the file exists (relative to {@code ServerRoot}).</li>
 *   <li>{@code <If>}, {@code <ElseIf>}, {@code <Else>} (per request), {@code <IfVersion>},
 *       {@code <IfDirective>}, {@code <IfSection>}: unknown.</li>
 * </ul>
 */
final class ApacheConditions {

    private static final Set<String> SECTIONS = Set.of("ifmodule", "ifdefine", "iffile", "if", "elseif", "else",
            "ifversion", "ifdirective", "ifsection");

    private final Set<String> modules = new HashSet<>();
    private final Set<String> defines = new HashSet<>();

    ApacheConditions(Set<String> compiledModules, Set<String> defines) {
        compiledModules.forEach(this::addModuleFile);
        this.defines.addAll(defines);
    }

    /** Whether a section of this name is a condition. */
    static boolean isCondition(String section) {
        return SECTIONS.contains(section.toLowerCase(Locale.ROOT));
    }

    private void addModuleFile(String file) {
        String f = file.toLowerCase(Locale.ROOT);
        String base = f.substring(f.lastIndexOf('/') + 1);
        if (base.endsWith(".so")) {
            base = base.substring(0, base.length() - 3) + ".c";
        }
        modules.add(base);
        String stem = base.endsWith(".c") ? base.substring(0, base.length() - 2) : base;
        switch (stem) {
            case "core" -> modules.add("core_module");
            case "http_core" -> modules.add("http_module");
            default -> modules.add((stem.startsWith("mod_") ? stem.substring(4) : stem) + "_module");
        }
    }

    /** Takes note of {@code LoadModule}, {@code Define} and {@code UnDefine}, read where conditions allow. */
    void observe(Directive d) {
        if (d.isIgnoreCase("LoadModule") && d.args().size() == 2) {
            modules.add(d.arg(0).toLowerCase(Locale.ROOT));
            addModuleFile(d.arg(1));
        } else if (d.isIgnoreCase("Define") && !d.args().isEmpty()) {
            defines.add(d.arg(0));
        } else if (d.isIgnoreCase("UnDefine") && !d.args().isEmpty()) {
            defines.remove(d.arg(0));
        }
    }

    /** What the conditional section {@code name} with {@code args} likely is now. */
    Likely evaluate(String name, java.util.List<String> args, ConfigFiles files, String serverRoot) {
        String n = name.toLowerCase(Locale.ROOT);
        if (args.isEmpty() || !(n.equals("ifmodule") || n.equals("ifdefine") || n.equals("iffile"))) {
            return Likely.UNKNOWN;
        }
        String a = args.get(0);
        boolean negated = a.startsWith("!");
        if (negated) {
            a = a.substring(1);
        }
        boolean holds = switch (n) {
            case "ifmodule" -> modules.contains(a.toLowerCase(Locale.ROOT));
            case "ifdefine" -> defines.contains(a);
            default -> files.exists(ConfigFiles.join(serverRoot, a));
        };
        return holds != negated ? Likely.TRUE : Likely.FALSE;
    }
}
