import socket, sys, threading
lp, up, name = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); srv.bind(('127.0.0.1', lp)); srv.listen(1); srv.settimeout(20)
c, _ = srv.accept(); u = socket.create_connection(('127.0.0.1', up))
def pump(a, b, f, cap):
    n = 0
    try:
        while True:
            d = a.recv(65536)
            if not d: break
            if n < cap: f.write(d[:cap-n]); n += len(d)
            b.sendall(d)
    except Exception: pass
    finally:
        f.close()
        try: b.shutdown(socket.SHUT_WR)
        except Exception: pass
t1 = threading.Thread(target=pump, args=(c, u, open('/tmp/rtspcap/%s.client' % name, 'wb'), 4000)); t1.start()
t2 = threading.Thread(target=pump, args=(u, c, open('/tmp/rtspcap/%s.server' % name, 'wb'), 4000)); t2.start()
t1.join(); t2.join()
