package io.arcly.stream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The integration-test server (it/liberty) must run what the developer server (liberty) runs, plus
 * only what Arquillian needs.
 */
class ServerConfigParityIT {

  private static final Set<String> ARQUILLIAN_ONLY_FEATURES = Set.of("localConnector-1.0");

  private final Document app = parse(Path.of("liberty/server.xml"));
  private final Document it = parse(Path.of("it/liberty/server.xml"));

  @Test
  void sameFeaturesPlusArquillianOnes() {
    List<String> itFeatures = texts(it, "feature");
    itFeatures.removeAll(ARQUILLIAN_ONLY_FEATURES);

    assertThat(itFeatures).containsExactlyInAnyOrderElementsOf(texts(app, "feature"));
  }

  @Test
  void sameManagedThreadFactoriesAndMetricsSettings() {
    for (String element : List.of("managedThreadFactory", "mpMetrics")) {
      assertThat(attributes(it, element)).as(element).isEqualTo(attributes(app, element));
    }
  }

  @Test
  void arquillianDeploysTheApplicationItself() {
    assertThat(it.getElementsByTagName("webApplication").getLength()).isZero();
    assertThat(attributes(it, "applicationMonitor")).containsExactly("updateTrigger=mbean");
  }

  private static Document parse(Path file) {
    try {
      return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + file.toAbsolutePath(), e);
    }
  }

  private static List<String> texts(Document document, String tag) {
    List<String> texts = new ArrayList<>();
    NodeList nodes = document.getElementsByTagName(tag);
    for (int i = 0; i < nodes.getLength(); i++) {
      texts.add(nodes.item(i).getTextContent().trim());
    }
    return texts;
  }

  private static List<String> attributes(Document document, String tag) {
    List<String> attributes = new ArrayList<>();
    NodeList nodes = document.getElementsByTagName(tag);
    for (int i = 0; i < nodes.getLength(); i++) {
      Element element = (Element) nodes.item(i);
      for (int a = 0; a < element.getAttributes().getLength(); a++) {
        var attribute = element.getAttributes().item(a);
        attributes.add(attribute.getNodeName() + "=" + attribute.getNodeValue());
      }
    }
    attributes.sort(null);
    return attributes;
  }
}
