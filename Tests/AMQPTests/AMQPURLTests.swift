import AMQP
import Testing

@Suite(.timeLimit(.minutes(2))) struct AMQPURLTests {
    @Test func defaultsAndParts() throws {
        let u = try AMQPURL("amqp://user:p%40ss@broker.example:5700/prod?heartbeat=10")
        #expect(u.host == "broker.example")
        #expect(u.port == 5700)
        #expect(u.user == "user")
        #expect(u.password == "p@ss")
        #expect(u.vhost == "prod")
        #expect(u.heartbeat == 10)
        #expect(!u.tls)
    }

    @Test func emptyPathIsRootVhostAndTLSPort() throws {
        let plain = try AMQPURL("amqp://guest:guest@127.0.0.1:5672/")
        #expect(plain.vhost == "/")
        let encoded = try AMQPURL("amqp://h/%2f")
        #expect(encoded.vhost == "/")
        let tls = try AMQPURL("amqps://h")
        #expect(tls.tls && tls.port == 5671 && tls.user == "guest")
    }

    @Test func revealedTextParsesBackToTheSameURL() throws {
        for text in ["amqp://guest:guest@127.0.0.1:5672/", "amqp://a%40b:p%2Fw%3Ad@broker:5000/v%2Fh?heartbeat=0&connection_timeout=9",
                     "amqps://u:p@localhost:5674/?cacertfile=/tmp/ca.pem&verify=verify_none"] {
            let url = try AMQPURL(text)
            #expect(try AMQPURL(url.revealed) == url, "\(url.revealed)")
        }
        #expect(try AMQPURL("amqp://u:secret@h/").revealed.contains(":secret@"))
    }

    @Test func passwordIsHiddenInDescription() throws {
        let u = try AMQPURL("amqp://me:secret@h:1/")
        #expect(!u.description.contains("secret"))
    }

    @Test(arguments: ["http://h/", "amqp://h:99999/", "amqp://h:x/", "amqp://u:%zz@h/", "amqp://h/?heartbeat=-1", "amqp://[::1"])
    func badURLsAreClearErrors(_ text: String) {
        #expect(throws: AMQPError.invalidURL("")) { try AMQPURL(text) }
    }
}

@Suite(.timeLimit(.minutes(2))) struct AMQPURLTLSTests {
    @Test func tlsQueryParameters() throws {
        let u = try AMQPURL("amqps://h/?cacertfile=%2Fetc%2Fca.pem&certfile=/c.pem&keyfile=/k.pem&verify=verify_none")
        #expect(u.caCertFile == "/etc/ca.pem" && u.certFile == "/c.pem" && u.keyFile == "/k.pem")
        #expect(!u.verifyPeer)
        #expect(try AMQPURL("amqps://h/").verifyPeer)
        #expect(throws: AMQPError.invalidURL("")) { try AMQPURL("amqps://h/?verify=maybe") }
    }
}
