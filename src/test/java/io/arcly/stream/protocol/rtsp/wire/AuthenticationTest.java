package io.arcly.stream.protocol.rtsp.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.protocol.rtsp.wire.DigestNonces.Verdict;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthenticationTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(UTF_8);
  private static final long LIFETIME = 60_000;

  @Test
  void rfc2617Section35Example() {
    List<AuthChallenge> offered =
        AuthChallenge.parseList(
            "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
                + "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
    AuthChallenge c = offered.get(0);
    assertThat(c.qop()).containsExactly("auth", "auth-int");
    assertThat(c.algorithm()).isEqualTo(DigestAlgorithm.MD5);
    Authorization a =
        Authorization.answer(
            c, "Mufasa", "Circle Of Life", "GET", "/dir/index.html", 1, "0a4f113b");
    assertThat(((Authorization.Digest) a).response()).isEqualTo("6629fae49393a05397450978507c4ef1");
    Authorization parsed =
        Authorization.parse(
            "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", qop=auth, "
                + "nc=00000001, cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\", "
                + "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
    assertThat(parsed).isEqualTo(a);
    assertThat(((Authorization.Digest) parsed).matches("GET", "Circle Of Life")).isTrue();
    assertThat(((Authorization.Digest) parsed).matches("GET", "Circle of Life")).isFalse();
    assertThat(((Authorization.Digest) parsed).matches("POST", "Circle Of Life")).isFalse();
  }

  @Test
  void rfc7616Section391ExamplesWithMd5AndSha256() {
    String common =
        "realm=\"http-auth@example.org\", qop=\"auth, auth-int\", "
            + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
            + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
    List<AuthChallenge> offered =
        AuthChallenge.parseList(
            "Digest " + common + ", algorithm=SHA-256, Digest " + common + ", algorithm=MD5");
    assertThat(offered).hasSize(2);
    AuthChallenge sha = AuthChallenge.strongest(offered).orElseThrow();
    assertThat(sha.algorithm()).isEqualTo(DigestAlgorithm.SHA_256);
    String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    Authorization.Digest s =
        (Authorization.Digest)
            Authorization.answer(
                sha, "Mufasa", "Circle of Life", "GET", "/dir/index.html", 1, cnonce);
    assertThat(s.response())
        .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    assertThat(s.toString())
        .isEqualTo(
            "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", "
                + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", uri=\"/dir/index.html\", "
                + "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", "
                + "algorithm=SHA-256, opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\", "
                + "qop=auth, nc=00000001, cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\"");
    Authorization.Digest m =
        (Authorization.Digest)
            Authorization.answer(
                offered.get(1), "Mufasa", "Circle of Life", "GET", "/dir/index.html", 1, cnonce);
    assertThat(m.response()).isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    assertThat(Authorization.parse(s.toString())).isEqualTo(s);
  }

  /** The Authorization headers of the captured clients, verified with their password. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "ffmpeg-play.client",
        "ffmpeg-play-qop.client",
        "ffmpeg-publish.client",
        "gst-play.client",
        "gst-play-qop.client",
        "gst-publish.client"
      })
  void capturedDigestAnswersOfFfmpegAndGstreamerVerify(String capture) {
    List<RtspRequest> requests = new ArrayList<>();
    new RtspDecoder()
        .decode(
            ByteBuffer.wrap(Captures.read(capture)),
            m -> {
              if (m instanceof RtspRequest r && r.headers().contains("Authorization")) {
                requests.add(r);
              }
            });
    assertThat(requests).hasSizeGreaterThanOrEqualTo(2);
    for (RtspRequest r : requests) {
      Authorization.Digest d =
          (Authorization.Digest)
              Authorization.parse(r.headers().get("Authorization").orElseThrow());
      assertThat(d.username()).isEqualTo("alice");
      assertThat(d.uri()).isEqualTo(r.uri());
      assertThat(d.matches(r.method(), "secret")).as(r.method() + " " + r.uri()).isTrue();
      assertThat(d.matches(r.method(), "Secret")).isFalse();
    }
  }

  @Test
  void clientAnswersReproduceWhatFfmpegAndGstreamerSent() {
    // ffmpeg 5.1 with qop (vectors/rtsp/ffmpeg-play-qop.client, DESCRIBE CSeq 3)
    AuthChallenge qop =
        AuthChallenge.parseList(
                "Digest realm=\"arcly\", nonce=\"6f3c1a2b9d8e7f60\", algorithm=MD5, qop=\"auth\", "
                    + "opaque=\"5ccc069c\"")
            .get(0);
    Authorization.Digest ff =
        (Authorization.Digest)
            Authorization.answer(
                qop,
                "alice",
                "secret",
                "DESCRIBE",
                "rtsp://127.0.0.1:18560/live/cam",
                1,
                "466721d9fd17c6a3");
    assertThat(ff.response()).isEqualTo("2c8a322e246289f52c4b86ac419cc424");
    assertThat(ff.nc()).isEqualTo("00000001");
    // GStreamer 1.22 without qop (vectors/rtsp/gst-play.client, DESCRIBE CSeq 3)
    AuthChallenge plain =
        AuthChallenge.parseList("Digest realm=\"arcly\", nonce=\"6f3c1a2b9d8e7f60\", algorithm=MD5")
            .get(0);
    Authorization.Digest gst =
        (Authorization.Digest)
            Authorization.answer(
                plain,
                "alice",
                "secret",
                "DESCRIBE",
                "rtsp://127.0.0.1:18557/live/cam",
                1,
                "unused");
    assertThat(gst.response()).isEqualTo("bb00367f226a39e33eab1e960479555e");
    assertThat(gst.qop()).isNull();
  }

  @Test
  void strongestAnswerableChallengeIsChosen() {
    List<AuthChallenge> offered =
        AuthChallenge.parseList(
            "Basic realm=\"cam\", Digest realm=\"cam\", nonce=\"n1\", algorithm=MD5-sess, "
                + "Negotiate abcdef, Digest realm=\"cam\", nonce=\"n2\", qop=\"auth-int\"");
    assertThat(offered).hasSize(3);
    assertThat(AuthChallenge.strongest(offered)).hasValue(AuthChallenge.basic("cam"));
    List<AuthChallenge> withMd5 =
        AuthChallenge.parseList("Basic realm=\"cam\"").stream()
            .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    withMd5.addAll(AuthChallenge.parseList("Digest realm=\"cam\", nonce=\"n\""));
    assertThat(AuthChallenge.strongest(withMd5).orElseThrow().scheme())
        .isEqualTo(AuthChallenge.Scheme.DIGEST);
    assertThat(AuthChallenge.strongest(List.of())).isEmpty();
    Authorization basic =
        Authorization.answer(
            AuthChallenge.basic("cam"), "alice", "secret", "DESCRIBE", "rtsp://h/a", 1, "c");
    assertThat(basic.toString()).isEqualTo("Basic YWxpY2U6c2VjcmV0");
  }

  @Test
  void basicCredentialsParseAndCompare() {
    Authorization.Basic b =
        (Authorization.Basic) Authorization.parse("basic  YWxpY2U6c2VjOnJldA==");
    assertThat(b.username()).isEqualTo("alice");
    assertThat(b.password()).isEqualTo("sec:ret");
    assertThat(b.matches("alice", "sec:ret")).isTrue();
    assertThat(b.matches("alice", "secret")).isFalse();
    assertThat(b.matches("bob", "sec:ret")).isFalse();
    assertThat(Authorization.parse(b.toString())).isEqualTo(b);
  }

  @Test
  void malformedAuthorizationIsRefused() {
    for (String[] c :
        new String[][] {
          {"", "authorization is empty"},
          {"Basic !!!", "authorization holds more than one scheme"},
          {"Basic abc, realm=\"x\"", "basic authorization is not one base64 text"},
          {"Basic YWxpY2U=", "basic authorization has no colon"},
          {"Basic a", "basic authorization is not base64"},
          {"Bearer abc", "authorization scheme \"Bearer\" is not basic or digest"},
          {"Digest username=\"a\", realm=\"r\"", "digest authorization without nonce"},
          {"Digest username=\"a\", username=\"b\"", "authorization names \"username\" twice"},
          {"Digest username=\"a", "authorization has an unterminated quoted string"},
          {"Digest username=\"a\" realm=\"r\"", "authorization lacks a comma after \"username\""},
          {
            "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"x\", qop=auth",
            "digest authorization with qop but without nc or cnonce"
          },
        }) {
      assertThatThrownBy(() -> Authorization.parse(c[0]))
          .as(c[0])
          .isInstanceOfSatisfying(RtspException.class, e -> assertThat(e.status()).isEqualTo(400))
          .hasMessage(c[1]);
    }
    assertThatThrownBy(() -> AuthChallenge.parseList("Digest realm=\"x\""))
        .hasMessage("digest challenge without a nonce");
  }

  @Test
  void statelessNoncesVerifyExpireAndResistTampering() {
    DigestNonces server = new DigestNonces("arcly", SECRET, LIFETIME);
    long t0 = 1_700_000_000_000L;
    String uri = "rtsp://127.0.0.1:8554/live/cam";
    for (DigestAlgorithm alg : DigestAlgorithm.values()) {
      for (boolean qop : new boolean[] {true, false}) {
        AuthChallenge c = server.challenge(t0, alg, qop, false);
        AuthChallenge read = AuthChallenge.parseList(c.toString()).get(0);
        assertThat(read).isEqualTo(c);
        Authorization.Digest a =
            (Authorization.Digest)
                Authorization.answer(read, "alice", "secret", "DESCRIBE", uri, 1, "abcdef");
        Authorization.Digest sent = (Authorization.Digest) Authorization.parse(a.toString());
        assertThat(server.verify(sent, "DESCRIBE", uri, "secret", t0 + 1000))
            .isEqualTo(Verdict.VALID);
        assertThat(server.verify(sent, "DESCRIBE", uri, "secret", t0 + LIFETIME + 1))
            .isEqualTo(Verdict.STALE);
        assertThat(server.verify(sent, "DESCRIBE", uri, "wrong", t0 + 1000))
            .isEqualTo(Verdict.INVALID);
        assertThat(server.verify(sent, "DESCRIBE", uri, "wrong", t0 + LIFETIME + 1))
            .as("stale only when the answer is right")
            .isEqualTo(Verdict.INVALID);
        assertThat(server.verify(sent, "SETUP", uri, "secret", t0 + 1000))
            .isEqualTo(Verdict.INVALID);
        assertThat(server.verify(sent, "DESCRIBE", uri + "2", "secret", t0 + 1000))
            .isEqualTo(Verdict.INVALID);
        assertThat(server.verify(sent, "DESCRIBE", uri, null, t0 + 1000))
            .isEqualTo(Verdict.INVALID);
      }
    }
    String nonce = server.nonce(t0);
    assertThat(server.check(nonce, t0)).isEqualTo(Verdict.VALID);
    char[] tampered = nonce.toCharArray();
    tampered[3] = tampered[3] == 'A' ? 'B' : 'A';
    assertThat(server.check(new String(tampered), t0)).isEqualTo(Verdict.INVALID);
    assertThat(server.check("6f3c1a2b9d8e7f60", t0)).isEqualTo(Verdict.INVALID);
    assertThat(server.check("!!", t0)).isEqualTo(Verdict.INVALID);
    assertThat(server.check(nonce, t0 - 120_000)).as("from the future").isEqualTo(Verdict.INVALID);
    DigestNonces other =
        new DigestNonces("arcly", "another secret of 16+ bytes".getBytes(UTF_8), LIFETIME);
    assertThat(other.check(nonce, t0)).isEqualTo(Verdict.INVALID);
    DigestNonces otherRealm = new DigestNonces("other", SECRET, LIFETIME);
    assertThat(otherRealm.check(nonce, t0)).isEqualTo(Verdict.INVALID);
    assertThat(server.challenge(t0, DigestAlgorithm.MD5, false, true).toString())
        .endsWith(", stale=true");
  }

  @Test
  void digestUriMayBeTheRequestUrlWithCredentials() {
    DigestNonces server = new DigestNonces("arcly", SECRET, LIFETIME);
    long t0 = 1_000_000;
    AuthChallenge c = server.challenge(t0, DigestAlgorithm.MD5, false, false);
    Authorization.Digest a =
        (Authorization.Digest)
            Authorization.answer(
                c, "alice", "secret", "PLAY", "rtsp://alice:secret@h/live/cam", 1, "x");
    assertThat(server.verify(a, "PLAY", "rtsp://h/live/cam", "secret", t0))
        .isEqualTo(Verdict.VALID);
  }
}
