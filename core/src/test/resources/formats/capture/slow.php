<?php
function wait_for_api() { sleep(3); return 1; }
wait_for_api();
echo "done\n";
