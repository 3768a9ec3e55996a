#!/usr/bin/env python3
"""The console in headless Chromium (Debian's chromium and chromium-driver, driven by Selenium)
against a running `stepwise dev`: sign-in, the executions list, a nested parent and its child
linked both ways, a failed execution's error, account isolation, forged cookies, sign-out.

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


def client(key):
    return boto3.client("stepfunctions", endpoint_url=ENDPOINT, region_name="us-east-1",
                        aws_access_key_id=key, aws_secret_access_key=key)


def finished(sfn, arn):
    for _ in range(200):
        d = sfn.describe_execution(executionArn=arn)
        if d["status"] != "RUNNING":
            return d
        time.sleep(0.05)
    raise AssertionError(f"{arn} did not finish")


def get(path, cookie=None):
    conn = http.client.HTTPConnection(HOST.hostname, HOST.port)
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    r = conn.getresponse()
    r.read()
    return r.status, r.getheader("Location")


class Console(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        sfn = client("test")
        suffix = uuid.uuid4().hex[:6]
        child = sfn.create_state_machine(name="child-" + suffix, roleArn=ROLE, definition=json.dumps(
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}))["stateMachineArn"]
        parent = sfn.create_state_machine(name="parent-" + suffix, roleArn=ROLE, definition=json.dumps({
            "StartAt": "Start", "States": {"Start": {
                "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "End": True,
                "Parameters": {"StateMachineArn": child, "Input": {
                    "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"}}}}}))["stateMachineArn"]
        failing = sfn.create_state_machine(name="fails-" + suffix, roleArn=ROLE, definition=json.dumps(
            {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Broken", "Cause": "on purpose <b>"}}}))["stateMachineArn"]
        cls.parent = sfn.start_execution(stateMachineArn=parent, name="the-parent")["executionArn"]
        cls.failed = sfn.start_execution(stateMachineArn=failing)["executionArn"]
        assert finished(sfn, cls.parent)["status"] == "SUCCEEDED"
        assert finished(sfn, cls.failed)["status"] == "FAILED"
        cls.child = sfn.list_executions(stateMachineArn=child)["executions"][0]["executionArn"]
        other = client("test2")
        m = other.create_state_machine(name="theirs-" + suffix, roleArn=ROLE, definition=json.dumps(
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}))["stateMachineArn"]
        cls.theirs = other.start_execution(stateMachineArn=m)["executionArn"]
        options = Options()
        options.binary_location = "/usr/bin/chromium"
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
            options.add_argument(flag)
        cls.browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)

    @classmethod
    def tearDownClass(cls):
        cls.browser.quit()

    def link(self, arn):
        return "/console/executions/" + urllib.parse.quote(arn, safe="-_.~")

    def arrive(self, suffix):
        """Waits (up to 10 s) for a click's navigation to land on a URL ending with `suffix`."""
        try:
            WebDriverWait(self.browser, 10).until(lambda b: b.current_url.endswith(suffix))
        except Exception:
            self.fail(f"expected to arrive at ...{suffix}, at {self.browser.current_url}")

    def sign_in(self, key, secret):
        b = self.browser
        b.get(ENDPOINT + "/console/sign-in")
        b.find_element(By.ID, "accessKeyId").send_keys(key)
        b.find_element(By.ID, "secretAccessKey").send_keys(secret)
        b.find_element(By.ID, "sign-in").click()

    def test_console(self):
        b = self.browser
        # Without a session every page leads to sign-in; a forged or garbled cookie is no session.
        b.get(ENDPOINT + "/console/executions")
        self.assertTrue(b.current_url.endswith("/console/sign-in"), b.current_url)
        for cookie in ["stepwise_session=v1.eHh4.eXl5", "stepwise_session=garbage"]:
            self.assertEqual(get(self.link(self.parent), cookie), (303, "/console/sign-in"))
        self.sign_in("test", "wrong")
        WebDriverWait(b, 10).until(lambda b: b.find_elements(By.ID, "sign-in-error"))
        self.assertIn("wrong", b.find_element(By.ID, "sign-in-error").text)

        self.sign_in("test", "test")
        self.arrive("/console/executions")
        listed = b.find_element(By.ID, "executions").text
        self.assertIn("the-parent", listed)
        self.assertNotIn("theirs-", listed)
        b.save_screenshot(f"{ARTIFACTS}/console-executions.png")

        # The parent: succeeded, its child in the tree; the child: started by the parent; both ways.
        b.get(ENDPOINT + self.link(self.parent))
        self.assertEqual(b.find_element(By.ID, "status").text, "SUCCEEDED")
        children = b.find_elements(By.CSS_SELECTOR, "#tree a.child")
        self.assertEqual([c.get_attribute("href") for c in children], [ENDPOINT + self.link(self.child)])
        b.save_screenshot(f"{ARTIFACTS}/console-parent.png")
        children[0].click()
        self.arrive(self.link(self.child))
        b.save_screenshot(f"{ARTIFACTS}/console-child.png")
        started_by = b.find_element(By.ID, "started-by")
        self.assertEqual(started_by.text, "the-parent")
        self.assertEqual([a.get_attribute("href") for a in b.find_elements(By.CSS_SELECTOR, "#tree a.ancestor")],
                         [ENDPOINT + self.link(self.parent)])
        started_by.click()
        self.arrive(self.link(self.parent))

        # A failed execution shows its error and cause (escaped), in red.
        b.get(ENDPOINT + self.link(self.failed))
        self.assertEqual(b.find_element(By.ID, "status").text, "FAILED")
        self.assertEqual(b.find_element(By.ID, "error").text, "Broken")
        self.assertEqual(b.find_element(By.ID, "cause").text, "on purpose <b>")
        self.assertEqual(b.find_element(By.ID, "error").value_of_css_property("color"), "rgba(185, 28, 28, 1)")

        # Another account's execution is not found, for the page and for a request with this cookie.
        b.get(ENDPOINT + self.link(self.theirs))
        self.assertIn("Not found", b.find_element(By.TAG_NAME, "h1").text)
        session = "stepwise_session=" + b.get_cookie("stepwise_session")["value"]
        self.assertEqual(get(self.link(self.theirs), session)[0], 404)
        self.assertEqual(get(self.link(self.parent), session)[0], 200)
        self.assertTrue(b.get_cookie("stepwise_session")["httpOnly"])

        # Sign-out ends the session in the browser.
        b.find_element(By.ID, "sign-out").click()
        self.arrive("/console/sign-in")
        b.get(ENDPOINT + "/console/executions")
        self.assertTrue(b.current_url.endswith("/console/sign-in"), b.current_url)


if __name__ == "__main__":
    unittest.main(verbosity=2)
