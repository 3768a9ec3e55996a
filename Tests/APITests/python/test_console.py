#!/usr/bin/env python3
"""The console in headless Chromium (Debian's chromium and chromium-driver, driven by Selenium)
against a running `stepwise dev`: sign-in; the guide's nested parent (a startExecution.sync Task
passing AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID) with its graph, Step details linking to the
child and the child's "Started by" linking back, the tree; a failed execution's error, cause and
failed state in red; a running execution updating without a reload; the executions list's filters
and paging; stopping and starting from the pages; quotas; account isolation, forged cookies,
data requests without a session; sign-out. Screenshots of each page go to ARTIFACT_DIR.

Usage: test_console.py ENDPOINT ARTIFACT_DIR
Exit 0 when every check holds."""
import http.client
import json
import sys
import time
import unittest
import urllib.parse
import uuid

import boto3
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ENDPOINT, ARTIFACTS = sys.argv.pop(1), sys.argv.pop(1)
HOST = urllib.parse.urlparse(ENDPOINT)
ROLE = "arn:aws:iam::123456789012:role/r"
RED = "rgb(185, 28, 28)"


def client(key):
    return boto3.client("stepfunctions", endpoint_url=ENDPOINT, region_name="us-east-1",
                        aws_access_key_id=key, aws_secret_access_key=key)


def finished(sfn, arn):
    for _ in range(400):
        d = sfn.describe_execution(executionArn=arn)
        if d["status"] != "RUNNING":
            return d
        time.sleep(0.05)
    raise AssertionError(f"{arn} did not finish")


def get(path, cookie=None):
    conn = http.client.HTTPConnection(HOST.hostname, HOST.port)
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, r.getheader("Location"), body


def machine(sfn, name, definition):
    return sfn.create_state_machine(name=name, roleArn=ROLE, definition=json.dumps(definition))["stateMachineArn"]


def q(arn):
    return urllib.parse.quote(arn, safe="-_.~")


class Console(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        sfn = cls.sfn = client("test")
        s = cls.suffix = uuid.uuid4().hex[:6]
        child = machine(sfn, "child-" + s, {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
        # The guide's parent: a startExecution.sync Task passing its own execution ID to the child.
        cls.parent_machine = machine(sfn, "parent-" + s, {"StartAt": "Start", "States": {"Start": {
            "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync", "End": True,
            "Parameters": {"StateMachineArn": child, "Input": {
                "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"}}}}})
        failing = machine(sfn, "fails-" + s, {"StartAt": "Prepare", "States": {
            "Prepare": {"Type": "Pass", "Next": "F"},
            "F": {"Type": "Fail", "Error": "Broken", "Cause": "on purpose <b>"}}})
        cls.slow_machine = machine(sfn, "slow-" + s, {"StartAt": "W", "States": {
            "W": {"Type": "Wait", "SecondsPath": "$.wait", "Next": "Done"}, "Done": {"Type": "Pass", "End": True}}})
        cls.batch_machine = machine(sfn, "batch-" + s, {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
        cls.parent = sfn.start_execution(stateMachineArn=cls.parent_machine, name="the-parent")["executionArn"]
        cls.failed = sfn.start_execution(stateMachineArn=failing)["executionArn"]
        cls.batch = [sfn.start_execution(stateMachineArn=cls.batch_machine, name=f"order-{i}")["executionArn"] for i in range(5)]
        cls.batch += [sfn.start_execution(stateMachineArn=cls.batch_machine, name=f"refund-{i}")["executionArn"] for i in range(2)]
        assert finished(sfn, cls.parent)["status"] == "SUCCEEDED"
        assert finished(sfn, cls.failed)["status"] == "FAILED"
        cls.child = sfn.list_executions(stateMachineArn=child)["executions"][0]["executionArn"]
        other = client("test2")
        m = machine(other, "theirs-" + s, {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
        cls.theirs = other.start_execution(stateMachineArn=m)["executionArn"]
        options = Options()
        options.binary_location = "/usr/bin/chromium"
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"):
            options.add_argument(flag)
        cls.browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)

    @classmethod
    def tearDownClass(cls):
        cls.browser.quit()

    def link(self, arn):
        return "/console/executions/" + q(arn)

    def wait(self, check, what, timeout=10):
        try:
            return WebDriverWait(self.browser, timeout).until(lambda b: check(b))
        except Exception:
            self.fail(f"waited {timeout} s for {what}; at {self.browser.current_url}")

    def arrive(self, suffix):
        """Waits for a click's navigation to land on a URL ending with `suffix`."""
        self.wait(lambda b: b.current_url.endswith(suffix), f"arriving at ...{suffix}")

    def shot(self, name):
        self.browser.save_screenshot(f"{ARTIFACTS}/console-{name}.png")

    def state(self, name):
        return self.browser.find_element(By.CSS_SELECTOR, f'#graph g.state[data-state="{name}"]')

    def sign_in(self, key, secret):
        b = self.browser
        b.get(ENDPOINT + "/console/sign-in")
        b.find_element(By.ID, "accessKeyId").send_keys(key)
        b.find_element(By.ID, "secretAccessKey").send_keys(secret)
        b.find_element(By.ID, "sign-in").click()

    def test_console(self):
        b = self.browser
        # Without a session every page leads to sign-in, a data request answers 401; a forged or
        # garbled cookie is no session.
        b.get(ENDPOINT + "/console/executions")
        self.assertTrue(b.current_url.endswith("/console/sign-in"), b.current_url)
        self.assertEqual(get("/console/data/executions/" + q(self.parent))[0], 401)
        for cookie in ["stepwise_session=v1.eHh4.eXl5", "stepwise_session=garbage"]:
            self.assertEqual(get(self.link(self.parent), cookie)[:2], (303, "/console/sign-in"))
            self.assertEqual(get("/console/data/quota", cookie)[0], 401)
        self.sign_in("test", "wrong")
        self.wait(lambda b: b.find_elements(By.ID, "sign-in-error"), "the sign-in error")
        self.assertIn("wrong", b.find_element(By.ID, "sign-in-error").text)
        self.shot("sign-in")

        self.sign_in("test", "test")
        self.arrive("/console/executions")
        listed = b.find_element(By.ID, "executions").text
        self.assertIn("the-parent", listed)
        self.assertNotIn("theirs-", listed)
        self.shot("executions")

        self.check_nested()
        self.check_failed()
        self.check_filters()
        self.check_running_and_stop()
        self.check_start()
        self.check_quotas()
        self.check_isolation()

        # Sign-out ends the session in the browser.
        b.find_element(By.ID, "sign-out").click()
        self.arrive("/console/sign-in")
        b.get(ENDPOINT + "/console/executions")
        self.assertTrue(b.current_url.endswith("/console/sign-in"), b.current_url)

    def check_nested(self):
        """The parent's graph shows the Task succeeded; its Step details link to the child; the
        child's page says Started by the parent; the tree shows both, linked both ways."""
        b = self.browser
        b.get(ENDPOINT + self.link(self.parent))
        self.assertEqual(b.find_element(By.ID, "status").text, "SUCCEEDED")
        self.assertIn("SUCCEEDED", self.state("Start").get_attribute("class"))
        self.state("Start").click()
        child_link = self.wait(lambda b: b.find_elements(By.ID, "step-child"), "Step details' child link")[0]
        self.assertEqual(child_link.get_attribute("href"), ENDPOINT + self.link(self.child))
        self.assertIn("AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID", b.find_element(By.ID, "step-details").text)
        self.assertEqual([a.get_attribute("href") for a in b.find_elements(By.CSS_SELECTOR, "#tree a.child")],
                         [ENDPOINT + self.link(self.child)])
        # The history, as AWS's console shows it: the Task's events under its step.
        rows = [r.text for r in b.find_elements(By.CSS_SELECTOR, "#events tr.event")]
        self.assertEqual(rows[0].split()[:2], ["1", "ExecutionStarted"])
        self.assertIn(["TaskSucceeded", "Start"], [r.split()[1:3] for r in rows])
        self.assertTrue(rows[-1].split()[1] == "ExecutionSucceeded", rows[-1])
        self.shot("parent")
        child_link.click()
        self.arrive(self.link(self.child))
        started_by = b.find_element(By.ID, "started-by")
        self.assertEqual(started_by.text, "the-parent")
        self.assertEqual([a.get_attribute("href") for a in b.find_elements(By.CSS_SELECTOR, "#tree a.ancestor")],
                         [ENDPOINT + self.link(self.parent)])
        self.shot("child")
        started_by.click()
        self.arrive(self.link(self.parent))

    def check_failed(self):
        """A failed execution: its error and cause (escaped), and the Fail state in red."""
        b = self.browser
        b.get(ENDPOINT + self.link(self.failed))
        self.assertEqual(b.find_element(By.ID, "status").text, "FAILED")
        self.assertEqual(b.find_element(By.ID, "error").text, "Broken")
        self.assertEqual(b.find_element(By.ID, "cause").text, "on purpose <b>")
        self.assertEqual(b.find_element(By.ID, "error").value_of_css_property("color"), "rgba(185, 28, 28, 1)")
        self.assertIn("FAILED", self.state("F").get_attribute("class"))
        self.assertEqual(self.state("F").find_element(By.TAG_NAME, "rect").value_of_css_property("stroke"), RED)
        self.assertIn("SUCCEEDED", self.state("Prepare").get_attribute("class"))
        self.shot("failed")

    def check_filters(self):
        """Filters (state machine, name prefix, status, dates) and paging on the executions list."""
        b = self.browser
        b.get(ENDPOINT + "/console/executions")
        # The form: this test's batch machine and the prefix `order-`.
        b.find_element(By.CSS_SELECTOR, f'#filter-machine option[value="{self.batch_machine}"]').click()
        b.find_element(By.ID, "filter-prefix").send_keys("order-")
        b.find_element(By.ID, "filter").click()
        self.wait(lambda b: "prefix=order-" in b.current_url, "the filtered list")
        names = [a.text for a in b.find_elements(By.CSS_SELECTOR, "#executions td:first-child a")]
        self.assertEqual(names, [f"order-{i}" for i in range(4, -1, -1)])
        self.assertEqual(b.find_element(By.ID, "count-SUCCEEDED").text, "5")
        self.shot("executions-filtered")
        # Paging, two at a time, keeps the filters and ends.
        base = "/console/executions?" + urllib.parse.urlencode({"machine": self.batch_machine, "size": 2})
        b.get(ENDPOINT + base)
        seen = []
        for _ in range(10):
            seen += [a.text for a in b.find_elements(By.CSS_SELECTOR, "#executions td:first-child a")]
            more = b.find_elements(By.ID, "next-page")
            if not more:
                break
            more[0].click()
            self.wait(lambda b: "next=" in b.current_url and b.find_elements(By.ID, "first-page"), "the next page")
        self.assertEqual(len(seen), 7)
        self.assertEqual(set(seen), {f"order-{i}" for i in range(5)} | {"refund-0", "refund-1"})
        # A status filter, and dates: none started before 2000, all after.
        b.get(ENDPOINT + base + "&status=FAILED")
        self.assertTrue(b.find_elements(By.ID, "no-executions"))
        b.get(ENDPOINT + base + "&before=2000-01-01T00:00")
        self.assertTrue(b.find_elements(By.ID, "no-executions"))
        b.get(ENDPOINT + base.replace("size=2", "size=50") + "&after=2000-01-01T00:00")
        self.assertEqual(len(b.find_elements(By.CSS_SELECTOR, "#executions td:first-child a")), 7)
        # A bad value is said on the page, not crashed on.
        b.get(ENDPOINT + "/console/executions?after=yesterday")
        self.assertIn("not a date", b.find_element(By.ID, "filter-error").text)

    def check_running_and_stop(self):
        """A running execution updates without a reload; another is stopped from its page."""
        b = self.browser
        arn = self.sfn.start_execution(stateMachineArn=self.slow_machine, input='{"wait": 2}')["executionArn"]
        b.get(ENDPOINT + self.link(arn))
        self.assertEqual(b.find_element(By.ID, "status").text, "RUNNING")
        self.assertIn("RUNNING", self.state("W").get_attribute("class"))
        self.shot("running")
        b.execute_script("window.notReloaded = true")
        self.wait(lambda b: b.find_element(By.ID, "status").text == "SUCCEEDED", "the page to show SUCCEEDED", timeout=15)
        self.assertTrue(b.execute_script("return window.notReloaded === true"), "the page was reloaded")
        self.assertIn("SUCCEEDED", self.state("Done").get_attribute("class"))

        arn = self.sfn.start_execution(stateMachineArn=self.slow_machine, input='{"wait": 300}')["executionArn"]
        b.get(ENDPOINT + self.link(arn))
        b.find_element(By.ID, "stop").click()
        alert = self.wait(lambda b: b.switch_to.alert, "the confirmation")
        self.assertIn("Stop the execution", alert.text)
        alert.accept()
        self.wait(lambda b: b.find_elements(By.ID, "status") and b.find_element(By.ID, "status").text == "ABORTED", "ABORTED")
        self.assertEqual(self.sfn.describe_execution(executionArn=arn)["status"], "ABORTED")
        self.assertIn("STOPPED", self.state("W").get_attribute("class"))
        self.assertFalse(b.find_elements(By.ID, "stop"))

    def check_start(self):
        """The state machine's page: graph and definition; bad JSON is refused in the page; a start lands on the new execution."""
        b = self.browser
        b.get(ENDPOINT + "/console/state-machines")
        b.find_element(By.LINK_TEXT, "slow-" + self.suffix).click()
        self.arrive("/console/state-machines/" + q(self.slow_machine))
        self.assertIn('"SecondsPath": "$.wait"', b.find_element(By.ID, "definition").text)
        self.assertEqual(len(b.find_elements(By.CSS_SELECTOR, "#graph g.state")), 2)
        field = b.find_element(By.ID, "start-input")
        field.clear()
        field.send_keys('{"wait": ')
        b.find_element(By.ID, "start").click()
        self.wait(lambda b: b.find_element(By.ID, "input-error").is_displayed(), "the JSON error")
        self.assertIn("not valid JSON", b.find_element(By.ID, "input-error").text)
        self.assertTrue(b.current_url.endswith("/console/state-machines/" + q(self.slow_machine)))
        self.shot("state-machine")
        field.clear()
        field.send_keys('{"wait": 0}')
        b.find_element(By.ID, "start-name").send_keys("from-the-console")
        b.find_element(By.ID, "start").click()
        self.arrive(self.link(self.slow_machine.replace(":stateMachine:", ":execution:") + ":from-the-console"))
        self.wait(lambda b: b.find_element(By.ID, "status").text == "SUCCEEDED", "the started execution to succeed")
        # The same name again: StartExecution's own error, on the page.
        b.get(ENDPOINT + "/console/state-machines/" + q(self.slow_machine))
        b.find_element(By.ID, "start-name").send_keys("from-the-console")
        b.find_element(By.ID, "start").click()
        self.wait(lambda b: b.find_elements(By.ID, "start-error"), "the start error")
        self.assertIn("ExecutionAlreadyExists", b.find_element(By.ID, "start-error").text)

    def check_quotas(self):
        b = self.browser
        arn = self.sfn.start_execution(stateMachineArn=self.slow_machine, input='{"wait": 300}')["executionArn"]
        b.get(ENDPOINT + "/console/quotas")
        self.assertGreaterEqual(int(b.find_element(By.ID, "open").text), 1)
        before = int(b.find_element(By.ID, "open").text)
        self.shot("quotas")
        self.sfn.stop_execution(executionArn=arn)
        # Live: the open count falls without a reload.
        self.wait(lambda b: int(b.find_element(By.ID, "open").text) == before - 1, "the open count to fall")

    def check_isolation(self):
        """Another account's execution: its page and its data request are not found."""
        b = self.browser
        b.get(ENDPOINT + self.link(self.theirs))
        self.assertIn("Not found", b.find_element(By.TAG_NAME, "h1").text)
        session = "stepwise_session=" + b.get_cookie("stepwise_session")["value"]
        self.assertEqual(get(self.link(self.theirs), session)[0], 404)
        self.assertEqual(get("/console/data/executions/" + q(self.theirs), session)[0], 404)
        self.assertEqual(get("/console/tree/" + q(self.theirs), session)[0], 404)
        status, _, body = get("/console/data/executions/" + q(self.parent), session)
        self.assertEqual((status, json.loads(body)["status"]), (200, "SUCCEEDED"))
        self.assertTrue(b.get_cookie("stepwise_session")["httpOnly"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
