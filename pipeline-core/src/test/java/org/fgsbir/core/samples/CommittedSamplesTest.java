package org.fgsbir.core.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Regenerates the first instances of each category and compares them byte for byte with the committed
 * {@code data-samples/}. If this fails after a JDK upgrade (Java2D or the PNG encoder changed), run
 * {@code bin/fgsbir generate-samples --out data-samples} and commit the result.
 */
class CommittedSamplesTest {
  private static final Path SAMPLES = Path.of(System.getProperty("fgsbir.project.root", "..")).resolve("data-samples");

  @Test
  void theFirstInstancesRegenerateByteForByte() throws IOException {
    SampleCatalogueGenerator.Settings settings = SampleCatalogueGenerator.Settings.defaults();
    List<String> manifest = Files.readAllLines(SAMPLES.resolve(SampleCatalogueGenerator.MANIFEST_PATH));
    List<String> sketches = Files.readAllLines(SAMPLES.resolve(SampleCatalogueGenerator.SKETCHES_PATH));
    for (SampleCategory c : SampleCategory.values()) {
      for (int i = 1; i <= 2; i++) {
        GeneratedInstance gi = SampleCatalogueGenerator.generateInstance(c, i, settings);
        Path photo = SAMPLES.resolve("catalogue").resolve(gi.photoPath());
        assertThat(Files.readAllBytes(photo)).as("bytes of %s", photo).isEqualTo(gi.photoPng());
        assertThat(manifest).contains(gi.manifestRow());
        List<String> committed = new ArrayList<>();
        for (String line : sketches) {
          if (line.startsWith("{\"key_id\":\"" + gi.photoId() + "_")) {
            committed.add(line);
          }
        }
        assertThat(committed).as("sketch lines of %s", gi.photoId()).isEqualTo(gi.ndjsonLines());
      }
    }
  }

  @Test
  void theCommittedSampleHasTheDocumentedCountsAndSize() throws IOException {
    List<String> manifest = Files.readAllLines(SAMPLES.resolve(SampleCatalogueGenerator.MANIFEST_PATH));
    assertThat(manifest.get(0)).isEqualTo(SampleCatalogueGenerator.MANIFEST_HEADER);
    List<String> rows = manifest.subList(1, manifest.size());
    assertThat(rows).hasSize(200).isSorted();
    for (SampleCategory c : SampleCategory.values()) {
      assertThat(rows.stream().filter(r -> r.contains("," + c.word() + ","))).hasSize(100);
      assertThat(rows.stream().filter(r -> r.contains("," + c.word() + ",test,"))).hasSize(30);
    }
    for (String row : rows) {
      assertThat(SAMPLES.resolve("catalogue").resolve(row.split(",")[3])).isRegularFile();
    }
    List<String> sketches = Files.readAllLines(SAMPLES.resolve(SampleCatalogueGenerator.SKETCHES_PATH));
    assertThat(sketches).hasSizeBetween(400, 600);
    long bytes;
    // The generated data; the shipped model under model/ is trained, not generated (its size: ShippedModelTest).
    try (Stream<Path> s = Files.walk(SAMPLES)) {
      bytes = s.filter(Files::isRegularFile).filter(p -> !p.startsWith(SAMPLES.resolve("model")))
          .mapToLong(p -> p.toFile().length()).sum();
    }
    assertThat(bytes).as("data-samples stays small").isLessThan(6_500_000L);
  }

  @Test
  void everyCommittedSketchMatchesItsPhotoAndStartsWithTheOutline() throws IOException {
    Map<String, String[]> photos = new HashMap<>();
    List<String> manifest = Files.readAllLines(SAMPLES.resolve(SampleCatalogueGenerator.MANIFEST_PATH));
    for (String row : manifest.subList(1, manifest.size())) {
      String[] f = row.split(",");
      photos.put(f[0], f);
    }
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(SAMPLES.resolve(SampleCatalogueGenerator.SKETCHES_PATH))) {
      JsonNode n = json.readTree(line);
      String key = n.get("key_id").asText();
      String[] photo = photos.get(n.get("photo_id").asText());
      assertThat(photo).as("manifest row for the photo of %s", key).isNotNull();
      assertThat(n.get("word").asText()).as(key).isEqualTo(photo[1]);
      assertThat(n.get("split").asText()).as(key).isEqualTo(photo[2]);
      double[] all = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
      double[] first = null;
      for (JsonNode stroke : n.get("drawing")) {
        double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 0; i < stroke.get(0).size(); i++) {
          double x = stroke.get(0).get(i).asDouble();
          double y = stroke.get(1).get(i).asDouble();
          b[0] = Math.min(b[0], x);
          b[1] = Math.min(b[1], y);
          b[2] = Math.max(b[2], x);
          b[3] = Math.max(b[3], y);
        }
        first = first == null ? b : first;
        all[0] = Math.min(all[0], b[0]);
        all[1] = Math.min(all[1], b[1]);
        all[2] = Math.max(all[2], b[2]);
        all[3] = Math.max(all[3], b[3]);
      }
      assertThat(first[2] - first[0]).as("outline width of %s", key).isGreaterThanOrEqualTo(0.85 * (all[2] - all[0]));
      assertThat(first[3] - first[1]).as("outline height of %s", key).isGreaterThanOrEqualTo(0.85 * (all[3] - all[1]));
    }
  }
}
