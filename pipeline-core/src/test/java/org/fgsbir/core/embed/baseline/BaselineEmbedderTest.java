package org.fgsbir.core.embed.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedder;
import org.fgsbir.core.embed.Embedders;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.image.ImageTensor;
import org.fgsbir.core.image.PhotoOptions;
import org.fgsbir.core.raster.RasterOptions;
import org.junit.jupiter.api.Test;

class BaselineEmbedderTest {
  private static final ModelSpec SPEC = BaselineEmbedder.spec();

  private static ImageTensor photo(long seed) {
    Random random = new Random(seed);
    return SyntheticShapes.photo(SyntheticShapes.randomShape(random), SPEC.photo().size(), random);
  }

  private static ImageTensor sketch(long seed) {
    Random random = new Random(seed);
    return SyntheticShapes.sketch(SyntheticShapes.randomShape(random), SPEC.sketch().size(),
        SPEC.sketch().padding(), SPEC.sketch().lineWidth(), 0.02, random);
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    return Math.sqrt(s);
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  @Test
  void specDescribesTheBaseline() {
    assertThat(SPEC.engine()).isEqualTo("baseline");
    assertThat(SPEC.uri()).isNull();
    assertThat(SPEC.version()).isEqualTo("baseline-hog-v1");
    // 12 orientation bins x (8 x 8 + 4 x 4) cells
    assertThat(SPEC.dimension()).isEqualTo(12 * (8 * 8 + 4 * 4));
    assertThat(SPEC.photo().size()).isEqualTo(SPEC.sketch().size());
    assertThat(SPEC.photo().edgeMap()).isFalse();
    assertThat(SPEC.sketch().polarity()).isEqualTo(RasterOptions.Polarity.DARK_ON_LIGHT);
    assertThat(SPEC.sketch().placement()).isEqualTo(RasterOptions.Placement.FIT_SKETCH_BOUNDS);
  }

  @Test
  void opensThroughTheServiceLoader() {
    try (Embedder photo = Embedders.open(SPEC, Branch.PHOTO);
        Embedder sketch = Embedders.open(SPEC, Branch.SKETCH)) {
      assertThat(photo).isInstanceOf(BaselineEmbedder.class);
      assertThat(photo.branch()).isEqualTo(Branch.PHOTO);
      assertThat(sketch.branch()).isEqualTo(Branch.SKETCH);
      assertThat(photo.dimension()).isEqualTo(SPEC.dimension());
      assertThat(sketch.dimension()).isEqualTo(SPEC.dimension());
    }
  }

  @Test
  void returnsFiniteUnitVectorsInInputOrder() {
    try (Embedder photo = new BaselineEmbedder(SPEC, Branch.PHOTO);
        Embedder sketch = new BaselineEmbedder(SPEC, Branch.SKETCH)) {
      float[][] p = photo.embed(List.of(photo(1), photo(2), photo(3)));
      float[][] s = sketch.embed(List.of(sketch(1), sketch(2)));
      assertThat(p).hasNumberOfRows(3);
      assertThat(s).hasNumberOfRows(2);
      for (float[] v : List.of(p[0], p[1], p[2], s[0], s[1])) {
        assertThat(v).hasSize(SPEC.dimension());
        for (float x : v) {
          assertThat(Float.isFinite(x)).isTrue();
        }
        assertThat(norm(v)).isCloseTo(1.0, within(1e-5));
      }
      // Order: embedding one at a time gives the same vectors.
      assertThat(photo.embed(List.of(photo(2)))[0]).containsExactly(p[1]);
      assertThat(sketch.embed(List.of()).length).isZero();
    }
  }

  @Test
  void isDeterministicAcrossInstances() {
    float[][] first;
    float[][] second;
    try (Embedder a = new BaselineEmbedder(SPEC, Branch.PHOTO);
        Embedder b = new BaselineEmbedder(SPEC, Branch.PHOTO)) {
      first = a.embed(List.of(photo(7), photo(8)));
      second = b.embed(List.of(photo(7), photo(8)));
    }
    assertThat(second[0]).containsExactly(first[0]);
    assertThat(second[1]).containsExactly(first[1]);
    try (Embedder a = new BaselineEmbedder(SPEC, Branch.SKETCH)) {
      assertThat(a.embed(List.of(sketch(9)))[0]).containsExactly(a.embed(List.of(sketch(9)))[0]);
    }
  }

  @Test
  void blankInputsGiveTheUniformUnitVector() {
    int size = SPEC.sketch().size();
    float[] white = new float[size * size];
    java.util.Arrays.fill(white, 1f);
    float[] grey = new float[3 * size * size];
    java.util.Arrays.fill(grey, 0.5f);
    float expected = (float) (1 / Math.sqrt(SPEC.dimension()));
    try (Embedder sketch = new BaselineEmbedder(SPEC, Branch.SKETCH);
        Embedder photo = new BaselineEmbedder(SPEC, Branch.PHOTO)) {
      float[] s = sketch.embed(List.of(new ImageTensor(1, size, size, white)))[0];
      float[] p = photo.embed(List.of(new ImageTensor(3, size, size, grey)))[0];
      assertThat(s).containsOnly(expected);
      assertThat(p).containsOnly(expected);
    }
  }

  @Test
  void photoDescriptorToleratesPlacementAndScale() {
    // The same shape photographed at two places and sizes: the object is re-centred, so the vectors
    // should agree much more than those of two different shapes.
    Random r1 = new Random(100);
    SyntheticShapes.Shape shape = SyntheticShapes.randomShape(r1);
    SyntheticShapes.Shape other = SyntheticShapes.randomShape(r1);
    try (Embedder photo = new BaselineEmbedder(SPEC, Branch.PHOTO)) {
      float[][] v = photo.embed(List.of(
          SyntheticShapes.photo(shape, SPEC.photo().size(), new Random(1)),
          SyntheticShapes.photo(shape, SPEC.photo().size(), new Random(2)),
          SyntheticShapes.photo(other, SPEC.photo().size(), new Random(3))));
      assertThat(dot(v[0], v[1])).isGreaterThan(dot(v[0], v[2]) + 0.1);
    }
  }

  @Test
  void photoDescriptorIgnoresWhitePaddingOfNonSquarePhotos() {
    // A wide photo on a tinted background, padded white top and bottom, describes the shape like a
    // square photo of it does (the padding is not mistaken for the object).
    Random r1 = new Random(200);
    SyntheticShapes.Shape shape = SyntheticShapes.randomShape(r1);
    SyntheticShapes.Shape other = SyntheticShapes.randomShape(r1);
    int size = SPEC.photo().size();
    try (Embedder photo = new BaselineEmbedder(SPEC, Branch.PHOTO)) {
      float[][] v = photo.embed(List.of(
          SyntheticShapes.padded(SyntheticShapes.photoImage(shape, 200, 120, new Random(1)), size),
          SyntheticShapes.photo(shape, size, new Random(2)),
          SyntheticShapes.photo(other, size, new Random(3))));
      assertThat(dot(v[0], v[1])).isGreaterThan(dot(v[0], v[2]) + 0.1);
    }
  }

  @Test
  void refusesInputsOfTheWrongShape() {
    int size = SPEC.photo().size();
    try (Embedder photo = new BaselineEmbedder(SPEC, Branch.PHOTO);
        Embedder sketch = new BaselineEmbedder(SPEC, Branch.SKETCH)) {
      ImageTensor oneChannel = new ImageTensor(1, size, size, new float[size * size]);
      ImageTensor small = new ImageTensor(3, 64, 64, new float[3 * 64 * 64]);
      assertThatThrownBy(() -> photo.embed(List.of(photo(1), oneChannel)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("photo input 1 of the batch")
          .hasMessageContaining("expected a 3 x 128 x 128 tensor but got 1 x 128 x 128")
          .hasMessageContaining("PhotoPreprocessor");
      assertThatThrownBy(() -> photo.embed(List.of(small)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("but got 3 x 64 x 64");
      assertThatThrownBy(() -> sketch.embed(List.of(photo(1))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("sketch input 0 of the batch")
          .hasMessageContaining("expected a 1 x 128 x 128 tensor but got 3 x 128 x 128")
          .hasMessageContaining("Rasterizer");
    }
  }

  @Test
  void refusesSpecsItCannotServe() {
    RasterOptions absolute = new RasterOptions(128, 2f, 8f, RasterOptions.Polarity.DARK_ON_LIGHT,
        RasterOptions.Placement.ABSOLUTE_CANVAS, 256f);
    PhotoOptions edgeMap = new PhotoOptions(128, PhotoOptions.Fit.PAD, new float[] {0, 0, 0},
        new float[] {1, 1, 1}, true, 1000L);
    assertThatThrownBy(() -> new BaselineEmbedder(new ModelSpec("baseline", null, "baseline-hog-v1", 64,
        SPEC.photo(), SPEC.sketch()), Branch.PHOTO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dimension must be 960 but was 64");
    assertThatThrownBy(() -> new BaselineEmbedder(new ModelSpec("baseline", null, "other-v2", 960,
        SPEC.photo(), SPEC.sketch()), Branch.PHOTO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version must be baseline-hog-v1 but was other-v2");
    assertThatThrownBy(() -> new BaselineEmbedder(new ModelSpec("tf", null, "baseline-hog-v1", 960,
        SPEC.photo(), SPEC.sketch()), Branch.PHOTO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("engine must be baseline but was tf");
    assertThatThrownBy(() -> new BaselineEmbedder(new ModelSpec("baseline", null, "baseline-hog-v1", 960,
        SPEC.photo(), absolute), Branch.SKETCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sketch placement must be FIT_SKETCH_BOUNDS but was ABSOLUTE_CANVAS");
    assertThatThrownBy(() -> new BaselineEmbedder(new ModelSpec("baseline", null, "baseline-hog-v1", 960,
        edgeMap, SPEC.sketch()), Branch.PHOTO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("photo input must be RGB");
  }

  @Test
  void servesOtherSizesAndNormalisations() {
    // ImageNet-normalised 96 px photos and 160 px light-on-dark rasters still give unit vectors.
    PhotoOptions imagenet = new PhotoOptions(96, PhotoOptions.Fit.PAD, new float[] {0.485f, 0.456f, 0.406f},
        new float[] {0.229f, 0.224f, 0.225f}, false, 1_000_000L);
    RasterOptions inverted = new RasterOptions(160, 2f, 10f, RasterOptions.Polarity.LIGHT_ON_DARK,
        RasterOptions.Placement.FIT_SKETCH_BOUNDS, 256f);
    ModelSpec spec = new ModelSpec("baseline", null, "baseline-hog-v1", 960, imagenet, inverted);
    Random random = new Random(5);
    SyntheticShapes.Shape shape = SyntheticShapes.randomShape(random);
    ImageTensor raw = SyntheticShapes.photo(shape, 96, random);
    float[] data = raw.data();
    float[] normalised = new float[data.length];
    float[] mean = imagenet.mean();
    float[] std = imagenet.std();
    for (int i = 0; i < data.length; i++) {
      int c = i / (96 * 96);
      normalised[i] = (data[i] - mean[c]) / std[c];
    }
    ImageTensor sketch = SyntheticShapes.sketch(shape, 160, 10f, 2f, 0.0, random);
    float[] ink = sketch.data().clone();
    for (int i = 0; i < ink.length; i++) {
      ink[i] = 1 - ink[i];
    }
    try (Embedder p = new BaselineEmbedder(spec, Branch.PHOTO);
        Embedder s = new BaselineEmbedder(spec, Branch.SKETCH);
        Embedder reference = new BaselineEmbedder(SPEC, Branch.PHOTO)) {
      float[] pv = p.embed(List.of(new ImageTensor(3, 96, 96, normalised)))[0];
      float[] sv = s.embed(List.of(new ImageTensor(1, 160, 160, ink)))[0];
      assertThat(norm(pv)).isCloseTo(1.0, within(1e-5));
      assertThat(norm(sv)).isCloseTo(1.0, within(1e-5));
      // De-normalisation works: the photo vector matches the photo's un-normalised embedding closely.
      float[] plain = new BaselineEmbedder(new ModelSpec("baseline", null, "baseline-hog-v1", 960,
          new PhotoOptions(96, PhotoOptions.Fit.PAD, new float[] {0, 0, 0}, new float[] {1, 1, 1}, false,
              1_000_000L), SPEC.sketch()), Branch.PHOTO).embed(List.of(raw))[0];
      assertThat(dot(pv, plain)).isGreaterThan(0.999);
      assertThat(reference.dimension()).isEqualTo(960);
    }
  }

  @Test
  void refusesUseAfterClose() {
    Embedder e = new BaselineEmbedder(SPEC, Branch.SKETCH);
    e.close();
    e.close();
    assertThatThrownBy(() -> e.embed(List.of(sketch(1))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
