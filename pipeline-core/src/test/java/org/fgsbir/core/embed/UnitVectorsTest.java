package org.fgsbir.core.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UnitVectorsTest {

  @Test
  void scalesToUnitLengthInPlace() {
    float[] v = {3, 4};
    assertThat(UnitVectors.normaliseInPlace(v)).isSameAs(v).containsExactly(0.6f, 0.8f);
  }

  @Test
  void zeroVectorBecomesTheUniformUnitVector() {
    float[] v = UnitVectors.normaliseInPlace(new float[4]);
    assertThat(v).containsExactly(0.5f, 0.5f, 0.5f, 0.5f);
    double length = 0;
    for (float x : v) {
      length += x * x;
    }
    assertThat(length).isCloseTo(1.0, within(1e-6));
  }
}
