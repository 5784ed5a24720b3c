package io.arcly.stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import io.arcly.stream.archfixture.ContainerAwareKernelClass;
import io.arcly.stream.archfixture.CrossProtocolClass;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code, enforced: only the glue may see the container, and protocols stand apart
 * from each other (they share the kernel, codecs and muxers only).
 */
class ArchitectureTest {
  /** Wire protocols: none may depend on another. */
  static final List<String> PROTOCOLS = List.of("rtmp", "rtsp", "srt", "webrtc", "hls");

  /** Packages that must stay plain Java: everything but the container glue. */
  static final String[] PLAIN = {
    "io.arcly.stream.kernel..",
    "io.arcly.stream.config..",
    "io.arcly.stream.codec..",
    "io.arcly.stream.rtmp..",
    "io.arcly.stream.rtsp..",
    "io.arcly.stream.rtp..",
    "io.arcly.stream.srt..",
    "io.arcly.stream.webrtc..",
    "io.arcly.stream.hls..",
    "io.arcly.stream.mpegts..",
    "io.arcly.stream.fmp4..",
    "io.arcly.stream.flv..",
    "io.arcly.stream.record.."
  };

  static JavaClasses production;

  @BeforeAll
  static void importProduction() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.arcly.stream");
  }

  static ArchRule noContainerTypes(String... packages) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "jakarta..",
            "javax.enterprise..",
            "javax.ws..",
            "org.eclipse.microprofile..",
            "io.openliberty..",
            "com.ibm..")
        .as("kernel, protocol and muxer code imports no jakarta or MicroProfile type")
        .allowEmptyShould(true);
  }

  static ArchRule protocolsStandApart() {
    List<ArchRule> rules = new ArrayList<>();
    for (String p : PROTOCOLS) {
      String[] others =
          PROTOCOLS.stream()
              .filter(o -> !o.equals(p))
              .map(o -> "io.arcly.stream." + o + "..")
              .toArray(String[]::new);
      rules.add(
          noClasses()
              .that()
              .resideInAPackage("io.arcly.stream." + p + "..")
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(others)
              .as("protocol " + p + " depends on no other protocol")
              .allowEmptyShould(true));
    }
    return CompositeArchRule.of(rules);
  }

  static ArchRule kernelDependsOnNothingAbove() {
    return noClasses()
        .that()
        .resideInAPackage("io.arcly.stream.kernel..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("io.arcly.stream.kernel..", "java..")
        .as("the kernel depends on the JDK only");
  }

  @Test
  void kernelProtocolsAndMuxersImportNoContainerTypes() {
    noContainerTypes(PLAIN).check(production);
  }

  @Test
  void protocolsDoNotDependOnEachOther() {
    protocolsStandApart().check(production);
  }

  @Test
  void kernelDependsOnTheJdkOnly() {
    kernelDependsOnNothingAbove().check(production);
  }

  @Test
  void theGlueIsWhereTheContainerLives() {
    assertThat(
            production.stream()
                .anyMatch(c -> c.getPackageName().startsWith("io.arcly.stream.glue")))
        .as("glue classes were imported, so the rules above saw the real code")
        .isTrue();
  }

  @Test
  void rulesCatchViolations() {
    JavaClasses fixtures =
        new ClassFileImporter()
            .importClasses(ContainerAwareKernelClass.class, CrossProtocolClass.class);
    assertThatThrownBy(() -> noContainerTypes("io.arcly.stream.archfixture..").check(fixtures))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("jakarta.inject.Inject");
    assertThatThrownBy(
            () ->
                noClasses()
                    .that()
                    .resideInAPackage("io.arcly.stream.archfixture..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("io.arcly.stream.glue..")
                    .check(fixtures))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ArclyRuntime");
  }
}
