"""Turns the analytics events into a spreadsheet for the marketing team."""
import pandas as pd

events = pd.read_json("data/events.json")
flat = pd.json_normalize(events.to_dict(orient="records"))
flat.to_csv("data/events.csv", index=False)
print(f"wrote {len(flat)} rows")
