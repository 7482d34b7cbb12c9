package org.fgsbir.core.image;

import java.io.Serializable;
import java.util.Objects;

/**
 * A preprocessed model input: {@code channels x height x width} floats in CHW order (channel-major,
 * then rows, then columns). Photos are 3-channel RGB, sketch rasters 1-channel. The data array is owned
 * by the tensor; callers must not modify it after construction.
 *
 * @param channels number of channels, at least 1
 * @param height rows
 * @param width columns
 * @param data {@code channels * height * width} values
 */
public record ImageTensor(int channels, int height, int width, float[] data) implements Serializable {

  /** Validates the shape against the data length. */
  public ImageTensor {
    Objects.requireNonNull(data, "data");
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("bad tensor shape " + channels + "x" + height + "x" + width);
    }
    if ((long) channels * height * width != data.length) {
      throw new IllegalArgumentException("tensor shape " + channels + "x" + height + "x" + width
          + " needs " + ((long) channels * height * width) + " values but has " + data.length);
    }
  }

  /** The value at channel {@code c}, row {@code y}, column {@code x}. */
  public float at(int c, int y, int x) {
    return data[(c * height + y) * width + x];
  }
}
