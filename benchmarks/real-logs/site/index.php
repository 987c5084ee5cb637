<?php
// benchmarks/real-logs.sh: the front controller of one site of the shared host. Each request asks for one
// outcome (?e=) after w warnings (?w=0..3); p picks the code that fails (0, 1: a plugin, 2: the theme).
// Every error goes to PHP-FPM's log handler, which relays it to nginx on FastCGI stderr.
$w = (int) ($_GET['w'] ?? 0);
$options = [];
for ($i = 0; $i < $w; $i++) {
    switch ($i % 3) {
        case 0: $title = $options['widget_title_' . $i]; break;     // Warning: Undefined array key
        case 1: $cached = $transient_cache_value; break;          // Warning: Undefined variable
        default: $n = strlen(get_option_default()); break;        // Deprecated: Passing null to parameter
    }
}
function get_option_default() { return null; }
$p = (int) ($_GET['p'] ?? 0);
$dir = __DIR__ . '/wp-content/' . ['plugins/@PLUGIN0@', 'plugins/@PLUGIN1@', 'themes/@THEME@'][$p % 3];
switch ($_GET['e'] ?? '') {
    case 'undef':       // Uncaught Error: Call to undefined function (stack trace on continuation lines)
        require $dir . '/includes/class-loader.php';
        (new Gd_Loader())->boot();
        break;
    case 'type':        // Uncaught TypeError
        require $dir . '/includes/class-loader.php';
        (new Gd_Loader())->count_items(null);
        break;
    case 'redeclare':   // Fatal error: Cannot redeclare (no stack trace)
        require $dir . '/includes/functions.php';
        require $dir . '/includes/functions-compat.php';
        break;
    case 'memory':      // Allowed memory size of ... bytes exhausted
        require $dir . '/includes/class-loader.php';
        (new Gd_Loader())->cache_all();
        break;
    case 'parse':       // Parse error: syntax error in an included file
        require $dir . '/includes/template-parts.php';
        break;
    default:            // warnings only: the page is served
        echo "ok\n";
}
