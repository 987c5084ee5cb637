<?php
// benchmarks/real-logs.sh: an AJAX action much slower than nginx's fastcgi_read_timeout for this location
usleep(1000000);
echo "0";
