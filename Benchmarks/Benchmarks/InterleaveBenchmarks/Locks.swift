import Benchmark
import Foundation
import Synchronization
import TaskTrace

/// The project's lock (`PosixMutex`, over a pthread mutex, so that ThreadSanitizer sees it)
/// against `Synchronization.Mutex` (a futex TSan cannot see), uncontended and with two
/// threads taking turns: what replacing one with the other costs where a lock is taken.
func lockBenchmarks() {
    // ns per lock-and-unlock = wall time of one iteration / 1,000,000.
    let perMillion = Benchmark.Configuration(scalingFactor: .mega)

    Benchmark("lock: PosixMutex, 1 thread", configuration: perMillion) { benchmark in
        let lock = PosixMutex(0)
        for _ in benchmark.scaledIterations { lock.withLock { $0 &+= 1 } }
        blackHole(lock.withLock { $0 })
    }

    Benchmark("lock: Mutex, 1 thread", configuration: perMillion) { benchmark in
        let lock = Mutex(0)
        for _ in benchmark.scaledIterations { lock.withLock { $0 &+= 1 } }
        blackHole(lock.withLock { $0 })
    }

    Benchmark("lock: PosixMutex, 2 threads", configuration: perMillion) { benchmark in
        let lock = PosixMutex(0)
        let each = benchmark.scaledIterations.count / 2
        onThreads(2) { _ in for _ in 0..<each { lock.withLock { $0 &+= 1 } } }
        blackHole(lock.withLock { $0 })
    }

    Benchmark("lock: Mutex, 2 threads", configuration: perMillion) { benchmark in
        let lock = Mutex(0)
        let each = benchmark.scaledIterations.count / 2
        onThreads(2) { _ in for _ in 0..<each { lock.withLock { $0 &+= 1 } } }
        blackHole(lock.withLock { $0 })
    }
}
