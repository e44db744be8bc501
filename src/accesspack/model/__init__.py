"""The case model: one patient's structured case (the answer file templates read)."""

from .attachments import ATTACHMENT_KINDS, Attachment, AttachmentKind
from .case import Case, load_case, parse_case
from .clinical import (
    Biomarker,
    Diagnosis,
    Lab,
    PathologyReport,
    PerformanceStatus,
    Setting,
    Stage,
    TreatmentLine,
)
from .common import Address, LocalizedText
from .dates import HistoryDate, Month
from .insurance import Insurance
from .patient import Patient
from .people import Contact, EthicsCommittee, Institution, Licence, Organization, Physician
from .product import Approval, InvestigationalProduct, TreatmentPlan
from .request import (
    EmergencyAuthorization,
    FollowUp,
    Justification,
    Request,
    SafetyEvent,
    ShipTo,
    TrialScreened,
)

__all__ = [
    "ATTACHMENT_KINDS",
    "Address",
    "Approval",
    "Attachment",
    "AttachmentKind",
    "Biomarker",
    "Case",
    "Contact",
    "Diagnosis",
    "EmergencyAuthorization",
    "EthicsCommittee",
    "FollowUp",
    "HistoryDate",
    "Institution",
    "Insurance",
    "InvestigationalProduct",
    "Justification",
    "Lab",
    "Licence",
    "LocalizedText",
    "Month",
    "Organization",
    "PathologyReport",
    "Patient",
    "PerformanceStatus",
    "Physician",
    "Request",
    "SafetyEvent",
    "Setting",
    "ShipTo",
    "Stage",
    "TreatmentLine",
    "TreatmentPlan",
    "TrialScreened",
    "load_case",
    "parse_case",
]
