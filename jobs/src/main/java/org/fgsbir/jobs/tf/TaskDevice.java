package org.fgsbir.jobs.tf;

import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * The device a TensorFlow session of the current Spark task runs on: the GPU(s) Spark assigned to the
 * task (resource {@code gpu}, e.g. {@code spark.task.resource.gpu.amount=1}), else the CPU. The session
 * then sees exactly those GPUs ({@code gpu_options.visible_device_list}, growing its GPU memory as needed so
 * tasks sharing a GPU fit), or none at all ({@code device_count {GPU: 0}}) so a GPU build never takes a GPU
 * that Spark gave to another task.
 */
public final class TaskDevice {
  /** The Spark resource name of GPUs. */
  public static final String GPU = "gpu";

  private TaskDevice() {}

  /** The GPU addresses Spark assigned to the running task; empty outside a task or without GPUs. */
  public static List<String> assignedGpus() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return List.of();
    }
    return gpus(scala.jdk.javaapi.CollectionConverters.asJava(task.resources()));
  }

  /** The GPU addresses in a task's resources. */
  static List<String> gpus(Map<String, ResourceInformation> resources) {
    ResourceInformation gpu = resources.get(GPU);
    return gpu == null ? List.of() : List.of(gpu.addresses());
  }

  /**
   * A session config with the given thread counts (0 = TensorFlow's choice) on {@code gpus} (Spark's
   * addresses = CUDA device ordinals), or on the CPU when empty. The inter-op pool is the session's own
   * ({@code use_per_session_threads}) so it ends with the session.
   */
  public static ConfigProto sessionConfig(int intraOpThreads, int interOpThreads, List<String> gpus) {
    ConfigProto.Builder config = ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(intraOpThreads)
        .setInterOpParallelismThreads(interOpThreads)
        .setUsePerSessionThreads(true)
        .setAllowSoftPlacement(true);
    if (gpus.isEmpty()) {
      config.putDeviceCount("GPU", 0);
    } else {
      config.setGpuOptions(GPUOptions.newBuilder()
          .setVisibleDeviceList(String.join(",", gpus))
          .setAllowGrowth(true));
    }
    return config.build();
  }
}
