"""The IMT standard Job Book, shipped with the code.

The 11 on-the-job training competencies of the Industrial Manufacturing
Technician program with their approximate hours (2,736 in all), each with a
starting list of skills an employer can keep, reword or replace.  Keys are fixed
so that every book copied from the standard shares them.
"""

from typing import TypedDict

STANDARD_NAME = "IMT standard Job Book"


class StandardCompetency(TypedDict):
    key: str
    name: str
    hours: int
    description: str
    skills: list[tuple[str, str]]  # (key, name)


COMPETENCIES: list[StandardCompetency] = [
    {
        "key": "std-operate",
        "name": "Operate production equipment",
        "hours": 1000,
        "description": "Run the machines and lines of the work area safely and steadily through a full shift.",
        "skills": [
            ("std-operate-startup", "Start up and shut down equipment following the written procedure"),
            ("std-operate-run", "Run equipment at the rate and settings called for on the work order"),
            ("std-operate-monitor", "Watch gauges, readouts and parts to catch a process drifting out of range"),
            ("std-operate-adjust", "Make the adjustments the operator is allowed to make and log them"),
            ("std-operate-jams", "Clear jams and minor stoppages with the machine locked out"),
            ("std-operate-handoff", "Hand the machine over at shift change with a clear status report"),
        ],
    },
    {
        "key": "std-quality",
        "name": "Produce products that meet or exceed quality standards",
        "hours": 500,
        "description": "Make good parts the first time and stop bad ones from leaving the work area.",
        "skills": [
            ("std-quality-spec", "Read a part specification and know which features are critical"),
            ("std-quality-first", "Check a first piece against the drawing before running production"),
            ("std-quality-inprocess", "Do in-process checks at the required frequency and record the results"),
            ("std-quality-defects", "Spot common defects and tag, segregate and report nonconforming parts"),
            ("std-quality-spc", "Keep a control chart up to date and react when a point falls outside the limits"),
            ("std-quality-rootcause", "Help find the cause of a quality problem and confirm the fix worked"),
        ],
    },
    {
        "key": "std-techinfo",
        "name": "Interpret technical information",
        "hours": 200,
        "description": "Use drawings, work instructions and manuals to do the job as designed.",
        "skills": [
            ("std-techinfo-prints", "Read a blueprint: views, dimensions, tolerances and the title block"),
            ("std-techinfo-gdt", "Recognize basic geometric tolerancing symbols and what they control"),
            ("std-techinfo-instructions", "Follow a standard work instruction step by step without skipping"),
            ("std-techinfo-manuals", "Look up an answer in an equipment manual or troubleshooting guide"),
            ("std-techinfo-revisions", "Check that a document is the current revision before using it"),
        ],
    },
    {
        "key": "std-measure",
        "name": "Measure/inspect work using mechanical tools and testing equipment",
        "hours": 200,
        "description": "Pick the right gauge, use it correctly and trust the number it gives.",
        "skills": [
            ("std-measure-calipers", "Measure with calipers and micrometers and read them to the right precision"),
            ("std-measure-gauges", "Use go/no-go, thread and pin gauges"),
            ("std-measure-choose", "Choose a measuring tool that fits the tolerance being checked"),
            ("std-measure-calibration", "Check a tool's calibration sticker and pull an out-of-date tool"),
            ("std-measure-test", "Run the area's test equipment and record results on the inspection sheet"),
        ],
    },
    {
        "key": "std-setup",
        "name": "Set up production equipment",
        "hours": 200,
        "description": "Change a machine over to a new job and prove it is ready to run.",
        "skills": [
            ("std-setup-sheet", "Read a setup sheet and gather what the job needs"),
            ("std-setup-tooling", "Stage tooling, fixtures and material before the changeover starts"),
            ("std-setup-install", "Install and align tooling and fixtures to the setup sheet"),
            ("std-setup-parameters", "Enter and check machine parameters and programs"),
            ("std-setup-firstpiece", "Run a first piece and get it approved before production"),
            ("std-setup-changeover", "Cut changeover time by doing outside work while the machine runs"),
        ],
    },
    {
        "key": "std-local",
        "name": "Local options customized to meet industry-specific requirements",
        "hours": 136,
        "description": "Skills particular to this employer's industry, products and processes.",
        "skills": [
            ("std-local-process", "Explain the main process of the plant from raw material to shipped product"),
            ("std-local-materials", "Handle the materials particular to the industry correctly"),
            ("std-local-rules", "Follow the customer and industry rules that apply to the product"),
            ("std-local-equipment", "Run one piece of equipment particular to the plant"),
        ],
    },
    {
        "key": "std-improve",
        "name": "Demonstrate continuous improvement (lean manufacturing, Six Sigma principles)",
        "hours": 100,
        "description": "Find waste and help remove it, with the team and with data.",
        "skills": [
            ("std-improve-5s", "Keep the work area in 5S order and audit it"),
            ("std-improve-waste", "Name the kinds of waste and point them out on the floor"),
            ("std-improve-idea", "Write up an improvement idea with the problem, the fix and the gain"),
            ("std-improve-event", "Take part in a kaizen event or problem-solving team"),
            ("std-improve-data", "Collect simple data (tally, Pareto) to show a problem's size"),
        ],
    },
    {
        "key": "std-maintain",
        "name": "Demonstrate knowledge of electrical and/or mechanical maintenance",
        "hours": 100,
        "description": "Keep equipment healthy and know when to call maintenance.",
        "skills": [
            ("std-maintain-lube", "Do daily lubrication and operator checks from the checklist"),
            ("std-maintain-wear", "Spot worn belts, leaks, loose guards and unusual noise"),
            ("std-maintain-lockout", "Lock out and tag out equipment before any maintenance work"),
            ("std-maintain-request", "Write a clear maintenance request with what, where and when"),
            ("std-maintain-basics", "Explain basic air, hydraulic and electrical systems on the machine"),
        ],
    },
    {
        "key": "std-inventory",
        "name": "Demonstrate knowledge of inventory and material processes",
        "hours": 100,
        "description": "Move, count and track material so the line never waits and nothing is lost.",
        "skills": [
            ("std-inventory-labels", "Read material labels, lot numbers and travelers"),
            ("std-inventory-fifo", "Use first-in, first-out and keep lots apart"),
            ("std-inventory-kanban", "Pull material with the plant's kanban or order system"),
            ("std-inventory-count", "Count and record material used, scrapped and left over"),
            ("std-inventory-handling", "Move material safely with carts, hoists or a powered truck if licensed"),
        ],
    },
    {
        "key": "std-business",
        "name": "Demonstrate knowledge of trends and the current state of business",
        "hours": 100,
        "description": "Understand how the plant makes money and where the industry is going.",
        "skills": [
            ("std-business-customers", "Name the plant's main products and customers"),
            ("std-business-metrics", "Read the area's scoreboard: output, scrap, on-time delivery"),
            ("std-business-cost", "Explain how scrap, downtime and overtime affect cost"),
            ("std-business-trends", "Describe a new technology or trend that affects the industry"),
        ],
    },
    {
        "key": "std-safety",
        "name": "Protect self and other workers from accidents and injuries",
        "hours": 100,
        "description": "Work safely every shift and look out for the people around you.",
        "skills": [
            ("std-safety-ppe", "Choose, wear and care for the right personal protective equipment"),
            ("std-safety-hazards", "Spot hazards and report near misses"),
            ("std-safety-sds", "Find and read a safety data sheet"),
            ("std-safety-guards", "Never bypass a guard, interlock or light curtain"),
            ("std-safety-lifting", "Lift and carry with safe technique"),
            ("std-safety-emergency", "Know the exits, eyewash, extinguishers and what to do in an emergency"),
        ],
    },
]

TOTAL_HOURS = sum(competency["hours"] for competency in COMPETENCIES)
