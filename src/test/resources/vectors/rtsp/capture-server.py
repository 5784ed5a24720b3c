import socket, sys, threading, time, re, os
port = int(sys.argv[1]); name = sys.argv[2]; auth = sys.argv[3] == 'auth'
SDP = ("v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=Stream\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\na=control:*\r\n"
       "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1; sprop-parameter-sets=Z0LAHtkDxWhAAAADAEAAAAwDxYuS,aMuMsg==; profile-level-id=42C01E\r\na=control:trackID=0\r\n"
       "m=audio 0 RTP/AVP 97\r\na=rtpmap:97 MPEG4-GENERIC/44100/2\r\na=fmtp:97 profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=1210\r\na=control:trackID=1\r\n")
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); srv.bind(('127.0.0.1', port)); srv.listen(1)
srv.settimeout(20)
c, _ = srv.accept(); c.settimeout(3)
log = open('/tmp/rtspcap/%s.bin' % name, 'wb')
buf = b''; authed = not auth; end = time.time() + 8; data_bytes = 0
def reply(cseq, extra='', body=b'', status='200 OK'):
    h = 'RTSP/1.0 %s\r\nCSeq: %s\r\n%s' % (status, cseq, extra)
    if body: h += 'Content-Length: %d\r\n' % len(body)
    c.sendall(h.encode() + b'\r\n' + body)
try:
  while time.time() < end:
    try:
        d = c.recv(65536)
    except socket.timeout:
        break
    if not d: break
    buf += d
    while True:
        if buf[:1] == b'$':
            if len(buf) < 4: break
            n = int.from_bytes(buf[2:4], 'big')
            if len(buf) < 4 + n: break
            if data_bytes < 3000: log.write(buf[:4+n])
            data_bytes += 4 + n; buf = buf[4+n:]; continue
        i = buf.find(b'\r\n\r\n')
        if i < 0: break
        head = buf[:i+4].decode('latin1')
        m = re.search(r'(?i)content-length:\s*(\d+)', head); bl = int(m.group(1)) if m else 0
        if len(buf) < i + 4 + bl: break
        log.write(buf[:i+4+bl]); log.flush()
        buf = buf[i+4+bl:]
        method = head.split(' ')[0]; cseq = re.search(r'(?i)cseq:\s*(\d+)', head).group(1)
        url = head.split(' ')[1]
        if method != 'OPTIONS' and not authed:
            if 'Authorization' in head or 'authorization' in head:
                authed = True
            else:
                reply(cseq, 'WWW-Authenticate: Digest realm="arcly", nonce="6f3c1a2b9d8e7f60", algorithm=MD5%s\r\nWWW-Authenticate: Basic realm="arcly"\r\n' % os.environ.get('QOP',''), status="401 Unauthorized"); continue
        if method == 'OPTIONS':
            reply(cseq, 'Public: OPTIONS, DESCRIBE, ANNOUNCE, SETUP, PLAY, RECORD, PAUSE, TEARDOWN, GET_PARAMETER\r\n')
        elif method == 'DESCRIBE':
            reply(cseq, 'Content-Type: application/sdp\r\nContent-Base: %s/\r\n' % url, SDP.encode())
        elif method == 'SETUP':
            t = re.search(r'(?i)transport:\s*([^\r\n]*)', head).group(1)
            reply(cseq, 'Transport: %s\r\nSession: 12345678;timeout=60\r\n' % t.split(',')[0])
        elif method in ('PLAY', 'RECORD'):
            reply(cseq, 'Session: 12345678\r\nRange: npt=0.000-\r\n'); end = time.time() + 2
        else:
            reply(cseq, 'Session: 12345678\r\n')
except Exception as e:
  print('err', e)
log.close(); c.close()
