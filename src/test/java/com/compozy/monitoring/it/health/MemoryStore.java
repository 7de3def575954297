package com.compozy.monitoring.it.health;

import com.compozy.monitoring.memory.MemoryId;
import com.compozy.monitoring.memory.MonitoredMemoryOperation;
import com.compozy.monitoring.memory.ProjectId;
import jakarta.enterprise.context.ApplicationScoped;

/** A user's memory manager, monitored by annotation only. */
@ApplicationScoped
public class MemoryStore {
  @MonitoredMemoryOperation(operation = "get_instance")
  public String getInstance(@MemoryId String memoryId, @ProjectId String projectId, boolean fail) {
    if (fail) {
      throw new IllegalStateException("store unavailable");
    }
    return memoryId + "@" + projectId;
  }
}
