package org.fgsbir.core.embed;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.fgsbir.core.image.ImageTensor;

/**
 * Packs a batch of preprocessed images into one flat float array for a model engine, and unpacks a
 * model's flat {@code [batch, dimension]} output into unit vectors. Shared by the engines so that every
 * engine checks its inputs and normalises its outputs the same way.
 */
public final class BatchTensors {
  private BatchTensors() {}

  /** Memory order of a packed batch. */
  public enum Layout {
    /** batch, channels, height, width (PyTorch, ONNX). */
    NCHW,
    /** batch, height, width, channels (TensorFlow). */
    NHWC
  }

  /**
   * Packs {@code batch} (CHW tensors of {@code inputChannels x size x size}) into one array of
   * {@code batch.size() x modelChannels x size x size} values in {@code layout}. A one-channel input fed to
   * a model with more channels is replicated into each of them.
   *
   * @throws IllegalArgumentException if an input is null or has another shape; the message names its
   *     position in the batch, the expected and the actual shape
   */
  public static float[] pack(List<ImageTensor> batch, Branch branch, int inputChannels, int size,
      int modelChannels, Layout layout) {
    int n = batch.size();
    int plane = size * size;
    float[] packed = new float[n * modelChannels * plane];
    for (int i = 0; i < n; i++) {
      ImageTensor t = batch.get(i);
      if (t == null || t.channels() != inputChannels || t.height() != size || t.width() != size) {
        String actual = t == null ? "null" : t.channels() + " x " + t.height() + " x " + t.width();
        throw new IllegalArgumentException("Cannot embed " + branch.name().toLowerCase(Locale.ROOT) + " input " + i
            + " of the batch: expected a " + inputChannels + " x " + size + " x " + size + " tensor but got "
            + actual + "; preprocess with the model spec's options.");
      }
      float[] data = t.data();
      for (int c = 0; c < modelChannels; c++) {
        int from = (inputChannels == 1 ? 0 : c) * plane;
        if (layout == Layout.NCHW) {
          System.arraycopy(data, from, packed, (i * modelChannels + c) * plane, plane);
        } else {
          int base = i * plane * modelChannels + c;
          for (int p = 0; p < plane; p++) {
            packed[base + p * modelChannels] = data[from + p];
          }
        }
      }
    }
    return packed;
  }

  /** Splits a flat {@code [n, dimension]} output into {@code n} L2-normalised vectors. */
  public static float[][] unitRows(float[] flat, int n, int dimension) {
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      out[i] = UnitVectors.normaliseInPlace(Arrays.copyOfRange(flat, i * dimension, (i + 1) * dimension));
    }
    return out;
  }
}
