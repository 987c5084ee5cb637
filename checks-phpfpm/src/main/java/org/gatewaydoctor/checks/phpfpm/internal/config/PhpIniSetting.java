package org.gatewaydoctor.checks.phpfpm.internal.config;

import java.util.Objects;

/**
 * A PHP ini setting a pool imposes: {@code php_value[key]}, {@code php_flag[key]}, {@code php_admin_value[key]}
 * or {@code php_admin_flag[key]}.
 *
 * @param key the ini name, case-sensitive as PHP looks it up
 * @param value the value PHP-FPM passes on ({@code $pool} substituted; flags as "1"/"0"; paths such as
 *     {@code error_log} resolved against the prefix as PHP-FPM does)
 * @param admin whether it is an admin setting, which scripts cannot change with {@code ini_set()}
 * @param text the configuration line as written
 * @param origin where it is written
 */
public record PhpIniSetting(String key, String value, boolean admin, String text, Origin origin) {

    public PhpIniSetting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(origin, "origin");
    }

    /** This setting as a {@link Setting} of its value. */
    public Setting<String> asSetting() {
        return new Setting<>(value, text, origin);
    }

    @Override
    public String toString() {
        return (admin ? "php_admin_value[" : "php_value[") + key + "] = " + value + " (" + origin + ")";
    }
}
