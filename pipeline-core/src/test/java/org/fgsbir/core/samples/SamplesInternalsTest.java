package org.fgsbir.core.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.fgsbir.core.sketch.Sketch;
import org.fgsbir.core.sketch.Stroke;
import org.junit.jupiter.api.Test;

class SamplesInternalsTest {

  @Test
  void quickDrawLinesHaveTheContractKeyOrderAndIntegers() {
    Stroke a = Stroke.of(new float[] {10, 12}, new float[] {20, 21}, new double[] {0, 16});
    Stroke b = Stroke.of(new float[] {5}, new float[] {6}, new double[] {300});
    Sketch s = new Sketch("shoe-0001_1", "shoe", "shoe-0001", "test", List.of(a, b));

    String line = QuickDrawRawWriter.line(s, "2026-11-28 09:00:00.00000 UTC");

    assertThat(line).isEqualTo("{\"key_id\":\"shoe-0001_1\",\"word\":\"shoe\",\"countrycode\":\"ZZ\","
        + "\"timestamp\":\"2026-11-28 09:00:00.00000 UTC\",\"recognized\":true,"
        + "\"drawing\":[[[10,12],[20,21],[0,16]],[[5],[6],[300]]],\"photo_id\":\"shoe-0001\",\"split\":\"test\"}");
  }

  @Test
  void randomStreamsDependOnlyOnTheirKeyAndLabel() {
    Rng r1 = Rng.forKey(42, "shoe", "instance", "7");
    Rng r2 = Rng.forKey(42, "shoe", "instance", "7");
    r2.nextLong(); // drawing from a stream does not change its forks
    assertThat(r1.fork("photo").nextLong()).isEqualTo(r2.fork("photo").nextLong());
    assertThat(r1.fork("photo").nextLong()).isNotEqualTo(r1.fork("sketch").nextLong());
    assertThat(Rng.forKey(42, "shoe", "instance", "7").nextLong())
        .isNotEqualTo(Rng.forKey(42, "shoe", "instance", "8").nextLong())
        .isNotEqualTo(Rng.forKey(43, "shoe", "instance", "7").nextLong());
    Rng r = Rng.forKey(1);
    for (int i = 0; i < 1000; i++) {
      assertThat(r.between(2, 4)).isBetween(2, 4);
      assertThat(r.uniform()).isGreaterThanOrEqualTo(0).isLessThan(1);
    }
  }

  @Test
  void visibleRunsOfAClosedLoopJoinAcrossItsSeam() {
    Poly square = Poly.of(true, 0, 0, 10, 0, 10, 10, 0, 10).resampled(1.0);
    boolean[] keep = new boolean[square.size()];
    java.util.Arrays.fill(keep, true);
    keep[15] = false;
    keep[16] = false;

    List<Poly> runs = SketchSynthesizer.runs(square, keep, 3);

    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).size()).isEqualTo(square.size() - 2);
    assertThat(runs.get(0).first()).containsExactly(square.point(17));
  }

  @Test
  void dashesSplitALineEvenly() {
    Poly line = Poly.of(false, 0, 0, 50, 0).resampled(1.0);

    List<Poly> dashes = SketchSynthesizer.dashes(line, 5, 4);

    assertThat(dashes).hasSize(6);
    for (Poly d : dashes) {
      assertThat(d.length()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(0.01));
    }
  }
}
