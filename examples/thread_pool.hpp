// A small fork-join pool with the parallel-for that qrange_context takes: what
// an engine plugs in when it runs qrange on its own threads. The tests and the
// benchmarks use it too, as the caller's pool.
#pragma once

#include <qrange/qrange.h>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace qrange_example {

class ThreadPool {
 public:
  // width - 1 workers; the thread that calls parallel_for is the last one.
  explicit ThreadPool(int width) {
    for (int i = 1; i < width; ++i) workers_.emplace_back([this] { work(); });
  }
  ~ThreadPool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : workers_) t.join();
  }
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int width() const { return static_cast<int>(workers_.size()) + 1; }

  // A context that runs qrange's tasks here.
  qrange_context context() {
    qrange_context ctx = QRANGE_CONTEXT_INIT;
    ctx.num_threads = width();
    ctx.parallel_for = &ThreadPool::parallel_for;
    ctx.pool = this;
    return ctx;
  }

  // qrange_parallel_for_fn. One loop at a time: callers on several threads
  // take turns.
  static void parallel_for(void* pool, std::size_t count, qrange_task_fn task, void* arg) {
    auto* self = static_cast<ThreadPool*>(pool);
    std::lock_guard<std::mutex> turn(self->submit_);
    Job job;
    {
      std::lock_guard<std::mutex> lock(self->mutex_);
      job = {self->job_.generation + 1, task, arg, count};
      self->job_ = job;
      self->pending_.store(count);
      self->ticket_.store(job.generation << 32);
      self->generation_.store(job.generation, std::memory_order_release);
    }
    self->wake_.notify_all();
    self->run(job);
    while (self->pending_.load(std::memory_order_acquire) != 0) std::this_thread::yield();
  }

 private:
  struct Job {
    std::uint64_t generation = 0;
    qrange_task_fn task = nullptr;
    void* arg = nullptr;
    std::size_t count = 0;
  };

  // Claims tasks of `job` only: the ticket holds the generation next to the
  // task index, so a worker that arrives late cannot take a task of the next
  // loop, whose index space restarts at 0.
  void run(const Job& job) {
    std::uint64_t t = ticket_.load();
    while ((t >> 32) == (job.generation & 0xffffffffu) && (t & 0xffffffffu) < job.count) {
      if (!ticket_.compare_exchange_weak(t, t + 1)) continue;
      job.task(job.arg, static_cast<std::size_t>(t & 0xffffffffu));
      pending_.fetch_sub(1, std::memory_order_acq_rel);
      t = ticket_.load();
    }
  }

  // Spins a while before sleeping: a fork-join loop called back to back
  // (a model's layers) finds its workers awake.
  void work() {
    std::uint64_t seen = 0;
    for (;;) {
      for (int spin = 0; spin < 20000 && generation_.load(std::memory_order_acquire) == seen; ++spin)
        std::this_thread::yield();
      Job job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return stop_ || job_.generation != seen; });
        if (stop_) return;
        job = job_;
        seen = job.generation;
      }
      run(job);
    }
  }

  std::vector<std::thread> workers_;
  std::mutex submit_, mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  Job job_;                                  // under mutex_
  std::atomic<std::uint64_t> generation_{0};  // job_.generation, for spinning without the lock
  std::atomic<std::uint64_t> ticket_{0};      // generation << 32 | next task
  std::atomic<std::size_t> pending_{0};
};

}  // namespace qrange_example
