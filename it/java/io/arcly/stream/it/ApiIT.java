package io.arcly.stream.it;

import static io.arcly.stream.it.Http.delete;
import static io.arcly.stream.it.Http.get;
import static io.arcly.stream.it.Http.json;
import static io.arcly.stream.it.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The JSON API, from the outside: streams, one stream, kicking, sessions, errors. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ApiIT {
  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.withInProcessPublisher();
  }

  /** A stream name using every character the key rule allows besides letters and digits. */
  static final String ODD = "Cam-1_hd.v2~b:main";

  @AfterEach
  void cleanUp() throws Exception {
    delete("it/player/live/cam");
    delete("it/publisher/live/cam");
    delete("it/publisher/live/" + ODD);
  }

  @Test
  void liveStreamIsListedWithTracksPublisherAndStats() throws Exception {
    assertThat(json(get("api/v1/streams")).getInt("count")).isZero();
    assertThat(post("it/publisher/live/cam?frames=60").statusCode()).isEqualTo(201);

    HttpResponse<String> list = get("api/v1/streams");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonObject body = json(list);
    assertThat(body.getInt("count")).isEqualTo(1);
    JsonObject s = body.getJsonArray("streams").getJsonObject(0);
    assertThat(s.getString("key")).isEqualTo("live/cam");
    assertThat(s.getJsonObject("publisher").getString("protocol")).isEqualTo("in-process");
    assertThat(s.getJsonObject("publisher").getString("remoteAddress"))
        .isEqualTo("127.0.0.1:40000");
    assertThat(s.getJsonObject("publisher").getString("clientName")).isEqualTo("it-publisher/1.0");
    assertThat(s.getJsonArray("tracks").getValuesAs(JsonObject.class))
        .extracting(t -> t.getString("codec") + " " + t.getString("codecString"))
        .containsExactly("h264 avc1.64001f", "aac mp4a.40.2");
    assertThat(s.getJsonArray("tracks").getJsonObject(0).getInt("width")).isEqualTo(1280);
    assertThat(s.getJsonArray("tracks").getJsonObject(1).getInt("sampleRate")).isEqualTo(48000);
    assertThat(s.getJsonObject("stats").getInt("framesIn")).isEqualTo(62);
    assertThat(s.getJsonObject("stats").getInt("keyframes")).isEqualTo(2);
    assertThat(s.getJsonObject("metadata").getString("encoder")).isEqualTo("it-publisher");
    assertThat(s.getInt("subscribers")).isZero();

    assertThat(json(get("api/v1/streams?app=other")).getInt("count")).isZero();
    JsonObject one = json(get("api/v1/streams/live/cam"));
    assertThat(one.getString("app")).isEqualTo("live");
    assertThat(one.getString("stream")).isEqualTo("cam");
    assertThat(one.getString("startedAt")).isNotBlank();
    assertThat(one.getJsonNumber("uptimeSeconds").longValue()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void sessionsListEveryPlayerWithClientNameAndBytes() throws Exception {
    post("it/publisher/live/cam?frames=30");
    assertThat(post("it/player/live/cam").statusCode()).isEqualTo(201);
    JsonObject body = json(get("api/v1/sessions"));
    assertThat(body.getInt("count")).isEqualTo(1);
    JsonObject p = body.getJsonArray("sessions").getJsonObject(0);
    assertThat(p.getString("stream")).isEqualTo("live/cam");
    assertThat(p.getString("protocol")).isEqualTo("in-process");
    assertThat(p.getString("remoteAddress")).isEqualTo("127.0.0.1:40001");
    assertThat(p.getString("clientName")).isEqualTo("it-player/1.0");
    assertThat(p.getJsonNumber("bytesSent").longValue()).isEqualTo(30 * 1000 + 5 + 2);
    assertThat(p.getString("since")).isNotBlank();
    assertThat(json(get("api/v1/streams/live/cam")).getInt("subscribers")).isEqualTo(1);

    delete("it/player/live/cam");
    assertThat(json(get("api/v1/sessions")).getInt("count")).isZero();
  }

  @Test
  void deleteKicksThePublisher() throws Exception {
    post("it/publisher/live/cam");
    assertThat(delete("api/v1/streams/live/cam").statusCode()).isEqualTo(204);
    HttpResponse<String> gone = get("api/v1/streams/live/cam");
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(delete("api/v1/streams/live/cam").statusCode()).isEqualTo(404);
    // The key is free again.
    assertThat(post("it/publisher/live/cam").statusCode()).isEqualTo(201);
  }

  @Test
  void errorsAreJsonWithStatusCodes() throws Exception {
    HttpResponse<String> missing = get("api/v1/streams/live/nope");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).getString("error")).isEqualTo("stream_not_found");
    assertThat(json(missing).getString("message")).isEqualTo("stream live/nope is not live");

    // Control characters are refused before the API sees them (by the web container), still 400.
    assertThat(get("api/v1/streams/live/a%01b").statusCode()).isEqualTo(400);
    HttpResponse<String> bad = get("api/v1/streams?app=..");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).getString("error")).isEqualTo("bad_stream_key");
    assertThat(json(bad).getString("message")).isEqualTo("application name must not be \"..\"");

    HttpResponse<String> tooLong = get("api/v1/streams/live/" + "x".repeat(129));
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(json(tooLong).getString("message"))
        .isEqualTo("stream name is longer than 128 characters (129)");

    post("it/publisher/live/cam");
    HttpResponse<String> twice = post("it/publisher/live/cam");
    assertThat(twice.statusCode()).isEqualTo(409);
    assertThat(json(twice).getString("error")).isEqualTo("already_publishing");
  }

  @Test
  void theApiAndHlsFollowTheSameKeyRuleAsRtmp() throws Exception {
    // Refused over RTMP with NetStream.Publish.BadName; here 400, whoever refuses it first (the
    // web container turns some encoded characters away before the API sees them).
    assertThat(get("api/v1/streams/live/a%20b%23c").statusCode()).isEqualTo(400);
    HttpResponse<String> bad = get("api/v1/streams/live/a%20b");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).getString("error")).isEqualTo("bad_stream_key");
    assertThat(json(bad).getString("message"))
        .isEqualTo(
            "stream name must not contain ' ': \"a b\" (allowed: letters, digits and - _ . ~ :)");
    HttpResponse<String> bang = get("api/v1/streams/live/cam!x");
    assertThat(bang.statusCode()).isEqualTo(400);
    assertThat(json(bang).getString("error")).isEqualTo("bad_stream_key");
    assertThat(get("hls/live/a%20b%23c/index.m3u8").statusCode()).isEqualTo(400);
    assertThat(get("api/v1/streams/live/cam%C3%A9ra").statusCode()).isEqualTo(400);

    // Accepted over RTMP: served as it is, and percent-encoded too.
    assertThat(post("it/publisher/live/" + ODD + "?frames=60").statusCode()).isEqualTo(201);
    HttpResponse<String> ok = get("api/v1/streams/live/" + ODD);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(json(ok).getString("key")).isEqualTo("live/" + ODD);
    assertThat(get("api/v1/streams/live/Cam-1_hd.v2%7Eb%3Amain").statusCode()).isEqualTo(200);
    // This deployment runs without HLS: a valid key gets past the key rule to the service (503),
    // where a bad one stops at it (400).
    assertThat(get("hls/live/" + ODD + "/index.m3u8").statusCode()).isEqualTo(503);
  }
}
