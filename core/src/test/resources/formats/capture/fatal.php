<?php
error_log("WordPress database error Table 'wp.wp_options' doesn't exist for query SELECT option_value FROM wp_options WHERE option_name = 'siteurl' LIMIT 1 made by require('wp-blog-header.php')");
trigger_error("Deprecated-ish warning from plugin", E_USER_WARNING);
undefined_function_call();
