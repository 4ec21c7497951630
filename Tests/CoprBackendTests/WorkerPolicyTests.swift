import CoprCore
import Testing
@testable import CoprBackend

@Suite("Retry policies")
struct WorkerPolicyTests {
    @Test("three distinct hosts exhaust the budget")
    func distinctHosts() {
        var budget = AttemptBudget(maxHosts: 3, maxAttempts: 6)
        budget.recordFailure(on: "a")
        budget.recordFailure(on: "b")
        #expect(budget.exhausted == nil)
        budget.recordFailure(on: "c")
        #expect(budget.exhausted == "3 hosts tried without success: a, b, c")
    }

    @Test("the same host handed out again and again is bounded by max_attempts")
    func sameHost() {
        var budget = AttemptBudget(maxHosts: 3, maxAttempts: 6)
        for _ in 0..<5 { budget.recordFailure(on: "a") }
        #expect(budget.exhausted == nil)
        budget.recordFailure(on: "a")
        #expect(budget.exhausted == "6 attempts without success on a")
    }

    @Test("four close failures are unstable, rare ones are not")
    func instability() {
        let start = ContinuousClock.now
        var rare = SSHInstability(window: .seconds(120))
        let rareVerdicts = (0..<8).map { rare.recordFailure(at: start + .seconds($0 * 180)) }
        #expect(rareVerdicts == Array(repeating: false, count: 8))
        var close = SSHInstability(window: .seconds(120))
        let closeVerdicts = [0, 10, 20, 30].map { close.recordFailure(at: start + .seconds($0)) }
        #expect(closeVerdicts == [false, false, false, true])
    }

    @Test("frontend retries sleep longer each time, capped")
    func frontendSleeps() {
        let policy = FrontendRetryPolicy(maxAttempts: nil, step: .seconds(5), maxSleep: .seconds(12), requestTimeout: .seconds(30))
        #expect(policy.sleep(afterAttempt: 1) == .seconds(5))
        #expect(policy.sleep(afterAttempt: 2) == .seconds(10))
        #expect(policy.sleep(afterAttempt: 3) == .seconds(12))
        #expect(policy.mayRetry(afterAttempt: 1000))
        #expect(!FrontendRetryPolicy(maxAttempts: 5, step: .seconds(5), requestTimeout: .seconds(30)).mayRetry(afterAttempt: 5))
    }

    @Test("builder versions compare numerically")
    func versions() throws {
        #expect(try #require(BuilderVersion("1.10.0")) > #require(BuilderVersion("1.6.1")))
        #expect(try #require(BuilderVersion("1.6.1\n")) == #require(BuilderVersion("1.6.1")))
        #expect(try #require(BuilderVersion("0.38")) < #require(BuilderVersion("1.6.1")))
        #expect(BuilderVersion("package copr-rpmbuild is not installed") == nil)
    }

    @Test("signature hash per chroot follows gently_gpg_sha256")
    func signatureHash() {
        #expect(SignatureHash.forChroot("epel-8-x86_64", gentlySHA256: true) == "sha256")
        #expect(SignatureHash.forChroot("epel-7-x86_64", gentlySHA256: true) == "sha1")
        #expect(SignatureHash.forChroot("fedora-rawhide-x86_64", gentlySHA256: true) == "sha256")
        #expect(SignatureHash.forChroot("fedora-41-x86_64", gentlySHA256: true) == "sha1")
        #expect(SignatureHash.forChroot("fedora-41-x86_64", gentlySHA256: false) == "sha256")
        #expect(SignatureHash.forChroot("fedora-26-x86_64", gentlySHA256: false) == "sha1")
    }
}
