<?php
// benchmarks/real-logs.sh: the worker dies in the middle of the request (SIGKILL, as the OOM killer sends it)
posix_kill(posix_getpid(), 9);
sleep(1);
