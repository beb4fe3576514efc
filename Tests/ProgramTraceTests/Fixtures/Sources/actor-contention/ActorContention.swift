import Foundation

actor Ledger {
    var total = 0
    /// Holds the actor for 100 ms: every other caller queues behind it.
    func slowDeposit(_ amount: Int) {
        usleep(100_000)
        total += amount
    }
}

/// Four tasks call one slow actor at once: each hop waits for the actor, not for a thread.
@main struct ActorContention {
    static func main() async {
        let ledger = Ledger()
        await withTaskGroup(of: Void.self) { group in
            for amount in 1...4 {
                group.addTask { await ledger.slowDeposit(amount) }
            }
        }
        print("total \(await ledger.total)")
    }
}
