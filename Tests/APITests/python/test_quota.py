"""Quotas over the API of a Stepwise started with STEPWISE_QUOTA_MAX_OPEN=2, STEPWISE_QUOTA_START_BUCKET=4,
STEPWISE_QUOTA_START_REFILL=0.2. Usage: python3 test_quota.py ENDPOINT"""
import json
import sys
import unittest
import urllib.request
import uuid

import boto3
import botocore
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ENDPOINT = sys.argv.pop(1) if len(sys.argv) > 1 else "http://127.0.0.1:8083"
WAIT = json.dumps({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": True}}})


def stepwise(action, body):
    data = json.dumps(body).encode()
    request = AWSRequest(method="POST", url=ENDPOINT + "/", data=data,
                         headers={"X-Amz-Target": "Stepwise." + action, "Content-Type": "application/x-amz-json-1.0"})
    SigV4Auth(Credentials("test", "test"), "states", "us-east-1").add_auth(request)
    req = urllib.request.Request(ENDPOINT + "/", data=data, headers=dict(request.headers), method="POST")
    return json.loads(urllib.request.urlopen(req).read())


class Quota(unittest.TestCase):
    def test_limit_bucket_and_observability(self):
        sfn = boto3.client("stepfunctions", endpoint_url=ENDPOINT, region_name="us-east-1", aws_access_key_id="test",
                           aws_secret_access_key="test", config=botocore.config.Config(retries={"max_attempts": 0}))
        arn = sfn.create_state_machine(name="q-" + uuid.uuid4().hex[:6], definition=WAIT,
                                       roleArn="arn:aws:iam::123456789012:role/r")["stateMachineArn"]
        first = [sfn.start_execution(stateMachineArn=arn)["executionArn"] for _ in range(2)]
        with self.assertRaises(botocore.exceptions.ClientError) as cm:
            sfn.start_execution(stateMachineArn=arn)
        self.assertEqual(cm.exception.response["Error"]["Code"], "ExecutionLimitExceeded")
        self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertIn("The maximum number of running executions has been reached", cm.exception.response["Error"]["Message"])
        quota = stepwise("DescribeAccountQuota", {})
        self.assertEqual((quota["account"], quota["openExecutions"], quota["maxOpenExecutions"]), ("123456789012", 2, 2))
        self.assertEqual(quota["startBucket"]["size"], 4)
        metrics = urllib.request.urlopen(ENDPOINT + "/metrics").read().decode()
        self.assertIn('stepwise_open_executions{account="123456789012"} 2', metrics)
        self.assertIn('stepwise_max_open_executions{account="123456789012"} 2', metrics)
        for ex in first:
            sfn.stop_execution(executionArn=ex)
        # Four tokens were in the bucket and three starts took one each: the next one passes, then it is empty.
        sfn.start_execution(stateMachineArn=arn)
        with self.assertRaises(botocore.exceptions.ClientError) as cm:
            sfn.start_execution(stateMachineArn=arn)
        self.assertEqual(cm.exception.response["Error"]["Code"], "ThrottlingException")
        # The server counts each refusal: one at the limit, one throttled, none in the other account.
        metrics = urllib.request.urlopen(ENDPOINT + "/metrics").read().decode()
        refused = 'stepwise_start_refusals_total{account="123456789012",error="%s",source="api"} 1'
        self.assertIn(refused % "ExecutionLimitExceeded", metrics)
        self.assertIn(refused % "ThrottlingException", metrics)
        self.assertNotIn('stepwise_start_refusals_total{account="210987654321"', metrics)


if __name__ == "__main__":
    unittest.main(verbosity=2)
