package io.arcly.stream.it;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Arquillian deployments built from the real WAR ({@code target/arcly-stream.war}, made by the
 * {@code package} phase), so integration tests always see the application as shipped.
 *
 * <p>Use {@link #app()} with {@code @Deployment(testable = false)} and {@code @RunAsClient} tests;
 * use {@link #appWith(Class[])} for in-container tests (the test class runs inside Liberty and can
 * {@code @Inject} application beans).
 */
public final class Deployments {

  /** The built WAR; failsafe sets {@code arcly.it.war}, the default suits a run from an IDE. */
  public static final Path WAR =
      Path.of(System.getProperty("arcly.it.war", "target/arcly-stream.war"));

  /** HTTP port of the integration-test server (failsafe sets {@code arcly.it.http.port}). */
  public static final int HTTP_PORT = Integer.getInteger("arcly.it.http.port", 19080);

  // Arquillian deploys into dropins, where the context root would otherwise be the archive name.
  private static final String IBM_WEB_EXT =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <web-ext xmlns="http://websphere.ibm.com/xml/ns/javaee"
               xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
               xsi:schemaLocation="http://websphere.ibm.com/xml/ns/javaee http://websphere.ibm.com/xml/ns/javaee/ibm-web-ext_1_1.xsd"
               version="1.1">
        <context-root uri="/"/>
      </web-ext>
      """;

  private Deployments() {}

  /** {@code http://localhost:<port>/<path>} on the integration-test server. */
  public static URI http(String path) {
    return URI.create("http://localhost:" + HTTP_PORT + "/" + path);
  }

  /** {@code ws://localhost:<port>/<path>} on the integration-test server. */
  public static URI ws(String path) {
    return URI.create("ws://localhost:" + HTTP_PORT + "/" + path);
  }

  /** The real application at context root "/", unchanged otherwise. */
  public static WebArchive app() {
    if (!Files.isRegularFile(WAR)) {
      throw new IllegalStateException(
          WAR.toAbsolutePath() + " is missing; run the integration tests with ./mvnw verify");
    }
    WebArchive war = ShrinkWrap.createFromZipFile(WebArchive.class, WAR.toFile());
    if (!war.contains("WEB-INF/ibm-web-ext.xml")) {
      war.addAsWebInfResource(new StringAsset(IBM_WEB_EXT), "ibm-web-ext.xml");
    }
    return war;
  }

  /**
   * The real application plus the given test classes (and this helper and AssertJ, which they may
   * use), for in-container tests.
   */
  public static WebArchive appWith(Class<?>... testClasses) {
    return app()
        .addClasses(testClasses)
        .addClass(Deployments.class)
        .addAsLibraries(jarOf(org.assertj.core.api.Assertions.class));
  }

  /**
   * The real application plus the test-only in-process publisher ({@link InProcessProtocol}, a
   * worker the host starts like any protocol, and {@link InProcessPublisherResource}, its HTTP
   * control), so client-side tests can make streams and players appear. HLS packaging is off in it,
   * so subscriber counts and events are the tests' own.
   */
  public static WebArchive withInProcessPublisher() {
    // These tests count subscribers and events exactly: no HLS packager subscribing on its own.
    return app()
        .addClasses(InProcessProtocol.class, InProcessPublisherResource.class, Deployments.class)
        .addAsResource(
            new StringAsset("arcly.hls.enabled=false\n"),
            "META-INF/microprofile-config.properties");
  }

  /** The jar (or directory) the given class was loaded from, to ship a test library with a test. */
  public static File jarOf(Class<?> type) {
    try {
      return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the jar of " + type.getName(), e);
    }
  }
}
