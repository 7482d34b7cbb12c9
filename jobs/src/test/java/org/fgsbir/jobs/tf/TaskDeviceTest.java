package org.fgsbir.jobs.tf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;

/** Session configs for CPU tasks and for tasks Spark gave GPUs, built without any GPU present. */
class TaskDeviceTest {

  @Test
  void aTaskWithAGpuSeesExactlyThatGpu() {
    List<String> gpus = TaskDevice.gpus(Map.of("gpu", new ResourceInformation("gpu", new String[] {"3"})));
    ConfigProto config = TaskDevice.sessionConfig(2, 1, gpus);

    assertThat(gpus).containsExactly("3");
    assertThat(config.getGpuOptions().getVisibleDeviceList()).isEqualTo("3");
    assertThat(config.getGpuOptions().getAllowGrowth()).isTrue();
    assertThat(config.getDeviceCountMap()).doesNotContainKey("GPU");
    assertThat(config.getIntraOpParallelismThreads()).isEqualTo(2);
    assertThat(config.getInterOpParallelismThreads()).isEqualTo(1);
    assertThat(config.getUsePerSessionThreads()).isTrue();
  }

  @Test
  void aTaskWithTwoGpusSeesBoth() {
    List<String> gpus = TaskDevice.gpus(Map.of("gpu", new ResourceInformation("gpu", new String[] {"0", "2"}),
        "fpga", new ResourceInformation("fpga", new String[] {"1"})));

    assertThat(TaskDevice.sessionConfig(1, 1, gpus).getGpuOptions().getVisibleDeviceList()).isEqualTo("0,2");
  }

  @Test
  void aTaskWithoutGpusRunsOnTheCpuAndHidesEveryGpu() {
    List<String> gpus = TaskDevice.gpus(Map.of("fpga", new ResourceInformation("fpga", new String[] {"0"})));
    ConfigProto config = TaskDevice.sessionConfig(1, 1, gpus);

    assertThat(gpus).isEmpty();
    assertThat(config.getDeviceCountMap()).containsEntry("GPU", 0);
    assertThat(config.getGpuOptions().getVisibleDeviceList()).isEmpty();
    assertThat(TaskDevice.assignedGpus()).isEmpty(); // outside any Spark task
  }
}
