import socket, threading, time
def serve(port, mode):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port)); s.listen(8); s.settimeout(1)
    end = time.time() + 40
    while time.time() < end:
        try:
            c, _ = s.accept()
        except socket.timeout:
            continue
        if mode == "close":
            c.recv(4096); c.close()
        elif mode == "garbage":
            c.recv(4096); c.sendall(b"HTTP/1.1 abc\r\n\r\n"); time.sleep(0.2); c.close()
        elif mode == "slow":
            threading.Thread(target=lambda c=c: (time.sleep(6), c.close()), daemon=True).start()
for p, m in ((18096, "close"), (18097, "garbage"), (18098, "slow")):
    threading.Thread(target=serve, args=(p, m), daemon=True).start()
time.sleep(41)
