<?php
// @NAME@: helper functions (benchmarks/real-logs.sh)
function @FUNC@_get_settings() {
    return [];
}
