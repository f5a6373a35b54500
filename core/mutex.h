// A mutex the compiler can check: clang's thread-safety analysis (-Wthread-safety, on in
// the `sanitize` preset) proves that every member marked GUARDED_BY(mutex_) is only touched
// with mutex_ held, as leveldb's port/thread_annotations.h does. Other compilers ignore the
// annotations. std::mutex itself carries none in libstdc++, hence this wrapper.
#pragma once

#include <condition_variable>
#include <mutex>

#if defined(__clang__)
#define PREPSEARCH_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define PREPSEARCH_THREAD_ANNOTATION(x)
#endif

#define CAPABILITY(x) PREPSEARCH_THREAD_ANNOTATION(capability(x))
#define SCOPED_CAPABILITY PREPSEARCH_THREAD_ANNOTATION(scoped_lockable)
#define GUARDED_BY(x) PREPSEARCH_THREAD_ANNOTATION(guarded_by(x))
#define REQUIRES(...) PREPSEARCH_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define ACQUIRE(...) PREPSEARCH_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define RELEASE(...) PREPSEARCH_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define EXCLUDES(...) PREPSEARCH_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))

namespace prepsearch {

class CAPABILITY("mutex") Mutex {
 public:
  void lock() ACQUIRE() { mutex_.lock(); }
  void unlock() RELEASE() { mutex_.unlock(); }

 private:
  std::mutex mutex_;
};

// Holds a Mutex for its scope.
class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mutex) ACQUIRE(mutex) : mutex_(mutex) { mutex_.lock(); }
  ~MutexLock() RELEASE() { mutex_.unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex& mutex_;
};

// A condition variable for Mutex. wait() must be called with `mutex` held (it is released
// while waiting and held again on return); write the predicate as a loop around it, so the
// analysis sees the guarded reads under the lock.
class CondVar {
 public:
  void wait(Mutex& mutex) REQUIRES(mutex) { cv_.wait(mutex); }
  template <typename Duration>
  void wait_for(Mutex& mutex, Duration timeout) REQUIRES(mutex) {
    cv_.wait_for(mutex, timeout);
  }
  void notify_one() { cv_.notify_one(); }
  void notify_all() { cv_.notify_all(); }

 private:
  std::condition_variable_any cv_;
};

}  // namespace prepsearch
