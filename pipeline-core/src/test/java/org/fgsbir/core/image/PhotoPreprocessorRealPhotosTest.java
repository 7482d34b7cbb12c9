package org.fgsbir.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The 100 real QMUL Shoe-V2 product photos beside the project (read in place, never copied). */
class PhotoPreprocessorRealPhotosTest {

  private static List<Path> photos() throws IOException {
    String root = System.getProperty("fgsbir.project.root");
    assertThat(root).as("system property fgsbir.project.root (set by surefire)").isNotBlank();
    Path dir = Path.of(root).resolve("../shared/external-data/qmul-shoev2-photos-subset").normalize();
    assertThat(dir).as("real photo folder (see its SOURCE.md)").isDirectory();
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().toList();
    }
  }

  @Test
  void allHundredPhotosBecomeFinite224SquareTensors() throws IOException {
    List<Path> photos = photos();
    assertThat(photos).hasSize(100);
    PhotoOptions options = PhotoOptions.imagenet();
    PhotoPreprocessor preprocessor = new PhotoPreprocessor(options);
    float[] mean = options.mean();
    float[] std = options.std();
    for (Path photo : photos) {
      String id = photo.getFileName().toString().replace(".png", "");
      ImageTensor t = preprocessor.preprocess(id, Files.readAllBytes(photo));
      assertThat(t.channels()).as(id).isEqualTo(3);
      assertThat(t.height()).as(id).isEqualTo(224);
      assertThat(t.width()).as(id).isEqualTo(224);
      float[] data = t.data();
      int plane = 224 * 224;
      double sum = 0;
      for (int i = 0; i < data.length; i++) {
        int c = i / plane;
        float v = data[i] * std[c] + mean[c];
        if (!Float.isFinite(data[i]) || v < -1e-5f || v > 1 + 1e-5f) {
          throw new AssertionError(id + ": value " + data[i] + " at " + i + " is not a normalised [0,1] pixel");
        }
        sum += v;
      }
      // Product shots on white: bright on average, but not blank.
      assertThat(sum / data.length).as("mean brightness of %s", id).isBetween(0.3, 0.999);
    }
  }

  @Test
  void edgeMapsOfRealPhotosAreInRangeAndNotBlank() throws IOException {
    PhotoOptions options = new PhotoOptions(224, PhotoOptions.Fit.PAD, new float[] {0, 0, 0},
        new float[] {1, 1, 1}, true, 50_000_000L);
    PhotoPreprocessor preprocessor = new PhotoPreprocessor(options);
    for (Path photo : photos().subList(0, 5)) {
      ImageTensor t = preprocessor.preprocess(photo.getFileName().toString(), Files.readAllBytes(photo));
      assertThat(t.channels()).isEqualTo(1);
      float max = 0;
      for (float v : t.data()) {
        assertThat(v).isBetween(0f, 1f);
        max = Math.max(max, v);
      }
      assertThat(max).as("strongest edge in %s", photo.getFileName()).isGreaterThan(0.2f);
    }
  }
}
