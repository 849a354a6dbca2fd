# GETs each [label, url] of $TARGETS (JSON) and prints one JSON line per target: [label, url, status, detail].
# Standard library only, so it runs in any image with a Python (MLflow's server images all have one).
import json
import os
import urllib.error
import urllib.request

for label, url in json.loads(os.environ["TARGETS"]):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            print(json.dumps([label, url, response.status, ""]), flush=True)
    except urllib.error.HTTPError as error:
        print(json.dumps([label, url, error.code, error.read(300).decode(errors="replace")]), flush=True)
    except Exception as error:  # refused, timed out, unresolvable: the detail says which
        print(json.dumps([label, url, 0, repr(error)]), flush=True)
