package org.fgsbir.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetrievalMetricsTest {
  private static final double EPS = 1e-12;

  /**
   * Four sketches with different step counts and gallery sizes.
   *
   * <pre>
   * sketch a: 3 steps, G = 5,  ranks 4, 2, 1
   * sketch b: 2 steps, G = 12, ranks 10, 5   (boundary ranks for acc@10 and acc@5)
   * sketch c: 1 step,  G = 1,  rank 1        (one-photo gallery: percentile 1)
   * sketch d: 2 steps, G = 12, ranks 11, 11  (ties in the gallery pushed it to 11)
   * </pre>
   */
  private static List<RankedStep> rows() {
    return List.of(
        new RankedStep("a", 1, 3, 4, 5), new RankedStep("a", 2, 3, 2, 5), new RankedStep("a", 3, 3, 1, 5),
        new RankedStep("b", 1, 2, 10, 12), new RankedStep("b", 2, 2, 5, 12),
        new RankedStep("c", 1, 1, 1, 1),
        new RankedStep("d", 1, 2, 11, 12), new RankedStep("d", 2, 2, 11, 12));
  }

  @Test
  void summarisesHandComputedCase() {
    Summary s = RetrievalMetrics.summarise(rows());
    // m@B per sketch: a (1/4 + 1/2 + 1)/3, b (1/10 + 1/5)/2, c 1, d (1/11 + 1/11)/2
    double mB = ((1.0 / 4 + 1.0 / 2 + 1) / 3 + (1.0 / 10 + 1.0 / 5) / 2 + 1 + (1.0 / 11)) / 4;
    // m@A per sketch: a ((5-4)/4 + (5-2)/4 + (5-1)/4)/3, b ((12-10)/11 + (12-5)/11)/2, c 1,
    // d ((12-11)/11 + (12-11)/11)/2
    double mA = ((1.0 / 4 + 3.0 / 4 + 1) / 3 + (2.0 / 11 + 7.0 / 11) / 2 + 1 + 1.0 / 11) / 4;
    assertThat(s.mB()).isCloseTo(mB, within(EPS));
    assertThat(s.mA()).isCloseTo(mA, within(EPS));
    // last-step ranks: a 1, b 5, c 1, d 11 -> acc@1 2/4, acc@5 3/4, acc@10 3/4
    assertThat(s.acc1()).isEqualTo(2.0 / 4);
    assertThat(s.acc5()).isEqualTo(3.0 / 4);
    assertThat(s.acc10()).isEqualTo(3.0 / 4);
    assertThat(s.sketches()).isEqualTo(4);
    assertThat(s.minGallerySize()).isEqualTo(1);
    assertThat(s.maxGallerySize()).isEqualTo(12);
  }

  @Test
  void computesPerStepHandComputedCase() {
    List<StepMetrics> steps = RetrievalMetrics.perStep(rows());
    assertThat(steps).extracting(StepMetrics::step).containsExactly(1, 2, 3);
    assertThat(steps).extracting(StepMetrics::queries).containsExactly(4L, 3L, 1L);

    // step 1: ranks a 4 (G 5), b 10 (G 12), c 1 (G 1), d 11 (G 12)
    StepMetrics s1 = steps.get(0);
    assertThat(s1.acc1()).isEqualTo(1.0 / 4); // c
    assertThat(s1.acc5()).isEqualTo(2.0 / 4); // a, c
    assertThat(s1.acc10()).isEqualTo(3.0 / 4); // a, b (rank 10 counts), c
    assertThat(s1.meanReciprocalRank()).isCloseTo((1.0 / 4 + 1.0 / 10 + 1 + 1.0 / 11) / 4, within(EPS));
    assertThat(s1.meanPercentile()).isCloseTo((1.0 / 4 + 2.0 / 11 + 1 + 1.0 / 11) / 4, within(EPS));

    // step 2: ranks a 2 (G 5), b 5 (G 12), d 11 (G 12)
    StepMetrics s2 = steps.get(1);
    assertThat(s2.acc1()).isEqualTo(0.0);
    assertThat(s2.acc5()).isEqualTo(2.0 / 3); // a, b (rank 5 counts)
    assertThat(s2.acc10()).isEqualTo(2.0 / 3);
    assertThat(s2.meanReciprocalRank()).isCloseTo((1.0 / 2 + 1.0 / 5 + 1.0 / 11) / 3, within(EPS));
    assertThat(s2.meanPercentile()).isCloseTo((3.0 / 4 + 7.0 / 11 + 1.0 / 11) / 3, within(EPS));

    // step 3: only a, rank 1 of 5
    StepMetrics s3 = steps.get(2);
    assertThat(s3.acc1()).isEqualTo(1.0);
    assertThat(s3.meanReciprocalRank()).isEqualTo(1.0);
    assertThat(s3.meanPercentile()).isEqualTo(1.0);
  }

  @Test
  void oneItemGalleryIsAPerfectPercentile() {
    Summary s = RetrievalMetrics.summarise(List.of(new RankedStep("x", 1, 2, 1, 1),
        new RankedStep("x", 2, 2, 1, 1)));
    assertThat(s.mA()).isEqualTo(1.0);
    assertThat(s.mB()).isEqualTo(1.0);
    assertThat(s.acc1()).isEqualTo(1.0);
  }

  @Test
  void lastPlaceScoresZeroPercentile() {
    // G = 3, rank 3 -> (3 - 3) / (3 - 1) = 0; 1/rank = 1/3
    Summary s = RetrievalMetrics.summarise(List.of(new RankedStep("x", 1, 1, 3, 3)));
    assertThat(s.mA()).isEqualTo(0.0);
    assertThat(s.mB()).isCloseTo(1.0 / 3, within(EPS));
    assertThat(s.acc1()).isEqualTo(0.0);
    assertThat(s.acc5()).isEqualTo(1.0);
  }

  @Test
  void resultsDoNotDependOnRowOrder() {
    List<RankedStep> shuffled = new ArrayList<>(rows());
    Collections.shuffle(shuffled, new Random(7));
    assertThat(RetrievalMetrics.summarise(shuffled)).isEqualTo(RetrievalMetrics.summarise(rows()));
    assertThat(RetrievalMetrics.perStep(shuffled)).isEqualTo(RetrievalMetrics.perStep(rows()));
  }

  @Test
  void refusesDuplicateSketchSteps() {
    List<RankedStep> dup = new ArrayList<>(rows());
    dup.add(new RankedStep("b", 2, 2, 3, 12));
    assertThatThrownBy(() -> RetrievalMetrics.summarise(dup))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sketch b has step 2 twice");
    assertThatThrownBy(() -> RetrievalMetrics.perStep(dup))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sketch b has step 2 twice");
  }

  @Test
  void refusesASketchWithoutItsLastStep() {
    assertThatThrownBy(() -> RetrievalMetrics.summarise(List.of(new RankedStep("a", 1, 3, 1, 5),
        new RankedStep("a", 2, 3, 1, 5))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sketch a has no row for its last step 3");
  }

  @Test
  void refusesInconsistentStepCountsAndEmptyInput() {
    assertThatThrownBy(() -> RetrievalMetrics.summarise(List.of(new RankedStep("a", 1, 3, 1, 5),
        new RankedStep("a", 2, 2, 1, 5))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stepsTotal 3 and 2");
    assertThatThrownBy(() -> RetrievalMetrics.summarise(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no ranked steps");
    assertThat(RetrievalMetrics.perStep(List.of())).isEmpty();
  }

  @Test
  void rankedStepValidatesItsValues() {
    assertThatThrownBy(() -> new RankedStep("s", 1, 1, 6, 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rank 6 outside 1..5");
    assertThatThrownBy(() -> new RankedStep("s", 1, 1, 0, 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rank 0 outside 1..5");
    assertThatThrownBy(() -> new RankedStep("s", 1, 1, 1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gallery size 0");
    assertThatThrownBy(() -> new RankedStep("s", 4, 3, 1, 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step 4 of 3");
    assertThatThrownBy(() -> new RankedStep(" ", 1, 1, 1, 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sketch id");
  }
}
