<?php usleep(2500000); echo "done
";