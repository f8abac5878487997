// Reads an iCalendar feed on stdin and prints, as JSON, the first N occurrences of its event
// as Mozilla's ical.js (Thunderbird's parser) computes them: each as Unix seconds plus the
// local wall time in the event's own zone. Only the feed's own VTIMEZONE is used: ical.js
// knows no zones unless a calendar registers them. Usage: node expand_calendar.mjs N < feed.ics
import ICAL from "ical.js";
import { readFileSync } from "node:fs";

const count = Number(process.argv[2] || 10);
const calendar = new ICAL.Component(ICAL.parse(readFileSync(0, "utf8")));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(zone));
}
const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent"));
const iterator = event.iterator();
const occurrences = [];
for (let next = iterator.next(); next && occurrences.length < count; next = iterator.next()) {
  occurrences.push({ unix: next.toUnixTime(), local: next.toString(), zone: next.zone.tzid });
}
console.log(JSON.stringify(occurrences));
