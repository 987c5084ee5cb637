<?php
$a = str_repeat("x", 64 * 1024 * 1024);
