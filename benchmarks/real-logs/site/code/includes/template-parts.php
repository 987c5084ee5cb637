<?php
// @NAME@: a file left half-edited (benchmarks/real-logs.sh)
function @FUNC@_render_header($args) {
    if ($args['show_title'] {
        echo '<h1>' . $args['title'] . '</h1>';
    }
}
