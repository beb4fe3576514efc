import Foundation
import ProgramTrace

extension TracedProgram {
    /// How long a program quit from the dashboard has to end after SIGTERM.
    static let quitGrace: Duration = .seconds(1)

    /// `q` while the program runs: SIGTERM, so that it may clean up as it would on `kill`.
    func askToEnd() {
        if exitStatus == nil { send(SIGTERM) }
    }

    /// After `askToEnd`, once the terminal is restored: waits up to `grace` for the program
    /// to end, then ends it (SIGKILL); returns its exit status.
    func waitForEnd(grace: Duration) async -> Int32 {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { _ = await self.waitForExit(); return true }
            group.addTask { try? await Task.sleep(for: grace); return false }
            // The group waits for both: the waiter ends once the program does, so the kill
            // comes first.
            if await group.next() == false, exitStatus == nil { send(SIGKILL) }
            group.cancelAll()
        }
        return await waitForExit()
    }
}
