package org.gatewaydoctor.checks.http.internal.config;

/**
 * How much a configuration parser reads before it stops: a hostile or broken configuration (an include
 * cycle, a 10 MB line, a glob over {@code /}) costs bounded time and memory. A limit reached is a
 * {@link ConfigProblem}, never an exception.
 *
 * @param maxFileBytes the largest file read; a larger one is skipped whole
 * @param maxTotalBytes the most bytes read over all files (each file counted once, however often included)
 * @param maxFiles the most file reads (a snippet included ten times counts ten)
 * @param maxIncludeDepth the deepest include chain (main file = 0)
 * @param maxNesting the deepest block nesting within the configuration
 * @param maxDirectives the most directives kept over all files
 * @param maxArgs the most arguments kept for one directive
 */
public record ConfigLimits(long maxFileBytes, long maxTotalBytes, int maxFiles, int maxIncludeDepth,
                           int maxNesting, int maxDirectives, int maxArgs) {

    /** 4 MiB a file, 32 MiB in all, 4096 reads, includes 32 deep, blocks 64 deep, 200 000 directives, 4096 args. */
    public static final ConfigLimits DEFAULTS = new ConfigLimits(4L << 20, 32L << 20, 4096, 32, 64, 200_000, 4096);

    public ConfigLimits {
        if (maxFileBytes < 1 || maxTotalBytes < 1 || maxFiles < 1 || maxIncludeDepth < 0 || maxNesting < 1
                || maxDirectives < 1 || maxArgs < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** These limits with another {@link #maxFileBytes()}. */
    public ConfigLimits withMaxFileBytes(long bytes) {
        return new ConfigLimits(bytes, Math.max(bytes, maxTotalBytes), maxFiles, maxIncludeDepth, maxNesting,
                maxDirectives, maxArgs);
    }

    /** These limits with another {@link #maxIncludeDepth()}. */
    public ConfigLimits withMaxIncludeDepth(int depth) {
        return new ConfigLimits(maxFileBytes, maxTotalBytes, maxFiles, depth, maxNesting, maxDirectives, maxArgs);
    }

    /** These limits with another {@link #maxFiles()}. */
    public ConfigLimits withMaxFiles(int files) {
        return new ConfigLimits(maxFileBytes, maxTotalBytes, files, maxIncludeDepth, maxNesting, maxDirectives,
                maxArgs);
    }
}
