import JSONValue
import Testing
@testable import ASL

@Suite struct IntrinsicEncodingTests {
    @Test func base64() throws {
        #expect(try intrinsic("States.Base64Encode('Data to encode')") == .string("RGF0YSB0byBlbmNvZGU="))
        #expect(try intrinsic("States.Base64Encode('')") == .string(""))
        #expect(try intrinsic("States.Base64Encode('é✓')") == .string("w6ninJM="))
        #expect(try intrinsic("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')") == .string("Data to encode"))
        #expect(try intrinsic("States.Base64Decode('w6ninJM=')") == .string("é✓"))
        #expect(try intrinsic("States.Base64Decode('')") == .string(""))
        // Observed on AWS: decoding is lenient about stray characters, spacing and short input.
        #expect(try intrinsic("States.Base64Decode(' YWJjZA== ')") == .string("abcd"))
        #expect(try intrinsic("States.Base64Decode('4pyT')") == .string("✓"))
        #expect(try intrinsic("States.Base64Decode($.s)", #"{"s":"YWJjAGRlZg=="}"#) == .string("abc\u{0}def"))
        #expect(try intrinsic("States.Base64Decode('!!!invalid!!!')").stringValue != nil)
        #expect(intrinsicError("States.Base64Decode(123)") == invalid("States.Base64Decode"))
        let big = String(repeating: "a", count: 10_001)
        #expect(intrinsicError("States.Base64Encode($.s)", #"{"s":"\#(big)"}"#) == invalid("States.Base64Encode"))
        #expect(intrinsicError("States.Base64Decode($.s)", #"{"s":"\#(big)"}"#) == invalid("States.Base64Decode"))
    }

    @Test func hashes() throws {
        let input = #"{"d":"input data"}"#
        #expect(try intrinsic("States.Hash($.d, 'MD5')", input) == .string("812f45842bc6d66ee14572ce20db8e86"))
        #expect(try intrinsic("States.Hash($.d, 'SHA-256')", input) == .string("b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3"))
        #expect(try intrinsic("States.Hash($.d, 'SHA-512')", input) == .string("6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4"))
        #expect(try intrinsic("States.Hash('abc', 'SHA-1')") == .string("a9993e364706816aba3e25717850c26c9cd0d89d"))
        #expect(try intrinsic("States.Hash('abc', 'SHA-384')") == .string("cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"))
        #expect(try intrinsic("States.Hash('', 'MD5')") == .string("d41d8cd98f00b204e9800998ecf8427e"))
        #expect(try intrinsic("States.Hash('hello', 'SHA-384')") == .string("59e1748777448c69de6b800d7a33bbfb9ff1b463e44354c3553bcdb9c666fa90125a3c79f90397bdf5f6a13de828684f"))
        #expect(try intrinsic("States.Hash('🚀', 'SHA-256')") == .string("ebbc0b2870eb323f2b6cffa5c493ceef81ae7eb36afc73d4e0367301631daec5"))
        #expect(try intrinsic("States.Hash($.s, 'MD5')", #"{"s":"abc\u0000def"}"#) == .string("a5e4d5963ae44c1f4bfb37b1a3d55a3c"))
        #expect(try intrinsic("States.Hash($.s, 'MD5')", #"{"s":"Data to encode"}"#) == .string("ca405671828a177e26947171bbe1e352"))
        let a10000 = String(repeating: "a", count: 10_000)
        #expect(try intrinsic("States.Hash($.s, 'SHA-1')", #"{"s":"\#(a10000)"}"#).stringValue?.count == 40)
        #expect(intrinsicError("States.Hash($.s, 'SHA-1')", #"{"s":"\#(a10000)a"}"#) == invalid("States.Hash"))
        #expect(intrinsicError("States.Hash('data', 'sha-256')") == invalid("States.Hash"))
        #expect(intrinsicError("States.Hash('data', 123)") == invalid("States.Hash"))
        let long = String(repeating: "x", count: 1000)
        #expect(try intrinsic("States.Hash($.s, 'SHA-256')", #"{"s":"\#(long)"}"#).stringValue?.count == 64)
        #expect(intrinsicError("States.Hash('abc', 'SHA-999')") == invalid("States.Hash"))
    }
}
