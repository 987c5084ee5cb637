<?php
// @NAME@: the class the front controller boots (benchmarks/real-logs.sh)
class Gd_Loader {
    public function boot() {
        $this->register_hooks();
    }
    private function register_hooks() {
        @FUNC@_legacy_register_widgets(['sidebar-1', 'footer-2']);
    }
    public function count_items($items) {
        return count($items);
    }
    public function cache_all() {
        // one string larger than memory_limit: PHP refuses it before touching the memory
        return str_repeat('@FUNC@', 8 << 20);
    }
}
