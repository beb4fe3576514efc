import Foundation

/// A value behind a pthread mutex, with the `withLock` of `Synchronization.Mutex`.
///
/// Why not `Mutex`: on Linux it is a futex of its own that ThreadSanitizer cannot see, so
/// every access it guards shows up as a race and TSan is useless on this project. TSan
/// intercepts `pthread_mutex_lock`, so with this lock a report means a real race. Its cost
/// against `Mutex` is in the benchmarks (`Lock:*`).
///
/// One allocation: the value is a buffer's header and the `pthread_mutex_t` its only
/// element, so the mutex has a stable address (a pthread mutex must never move). Copies
/// share the one lock and value, as a class would.
public struct PosixMutex<Value>: @unchecked Sendable {
    // @unchecked: the value is read and written only between `pthread_mutex_lock` and
    // `pthread_mutex_unlock` on the storage's own mutex, in `withLock`.
    // Inlinable, so that modules using it (the runtime's queue, bus and executor) get it
    // specialized for their values rather than called through generic witnesses.
    @usableFromInline let storage: Storage

    @usableFromInline final class Storage: ManagedBuffer<Value, pthread_mutex_t> {
        deinit {
            // The header (the value) is destroyed by ManagedBuffer; the element is ours.
            withUnsafeMutablePointerToElements { mutex in
                pthread_mutex_destroy(mutex)
                mutex.deinitialize(count: 1)
            }
        }
    }

    public init(_ value: Value) {
        // `create` returns an instance of the class it is called on: the cast cannot fail.
        storage = unsafeDowncast(Storage.create(minimumCapacity: 1) { _ in value }, to: Storage.self)
        storage.withUnsafeMutablePointerToElements { mutex in
            // Initialised once here, before the storage is shared.
            mutex.initialize(to: pthread_mutex_t())
            pthread_mutex_init(mutex, nil)
        }
    }

    /// Runs `body` with the value, the lock held. `body` must not take this lock again.
    @inlinable @inline(__always)
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try storage.withUnsafeMutablePointers { value, mutex in
            pthread_mutex_lock(mutex)
            defer { pthread_mutex_unlock(mutex) }
            return try body(&value.pointee)
        }
    }
}
