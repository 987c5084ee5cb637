<?php
// @NAME@: an older copy of the helpers, loaded twice (benchmarks/real-logs.sh)
function @FUNC@_get_settings() {
    return ['legacy' => true];
}
