"""Contains all the data models used in inputs/outputs"""

from .account import Account
from .collection import Collection
from .collection_summary import CollectionSummary
from .deployment import Deployment
from .deployment_configuration import DeploymentConfiguration
from .deployment_create_request import DeploymentCreateRequest
from .deployment_release import DeploymentRelease
from .deployment_update_request import DeploymentUpdateRequest
from .file_checksums import FileChecksums
from .file_create_request import FileCreateRequest
from .file_metadata import FileMetadata
from .file_object import FileObject
from .file_urls import FileUrls
from .hardware import Hardware
from .model import Model
from .model_create_request import ModelCreateRequest
from .model_prediction_request import ModelPredictionRequest
from .model_sort_field import ModelSortField
from .model_update_request import ModelUpdateRequest
from .model_version import ModelVersion
from .model_visibility import ModelVisibility
from .paginated_collections import PaginatedCollections
from .paginated_deployments import PaginatedDeployments
from .paginated_files import PaginatedFiles
from .paginated_model_versions import PaginatedModelVersions
from .paginated_models import PaginatedModels
from .paginated_predictions import PaginatedPredictions
from .paginated_trainings import PaginatedTrainings
from .prediction import Prediction
from .prediction_metrics import PredictionMetrics
from .prediction_request import PredictionRequest
from .prediction_source_filter import PredictionSourceFilter
from .prediction_urls import PredictionUrls
from .problem import Problem
from .search_collection import SearchCollection
from .search_model_metadata import SearchModelMetadata
from .search_model_result import SearchModelResult
from .search_page import SearchPage
from .search_results import SearchResults
from .sort_direction import SortDirection
from .training import Training
from .training_metrics import TrainingMetrics
from .training_output import TrainingOutput
from .training_request import TrainingRequest
from .training_urls import TrainingUrls
from .webhook_event import WebhookEvent
from .webhook_secret import WebhookSecret

__all__ = (
    "Account",
    "Collection",
    "CollectionSummary",
    "Deployment",
    "DeploymentConfiguration",
    "DeploymentCreateRequest",
    "DeploymentRelease",
    "DeploymentUpdateRequest",
    "FileChecksums",
    "FileCreateRequest",
    "FileMetadata",
    "FileObject",
    "FileUrls",
    "Hardware",
    "Model",
    "ModelCreateRequest",
    "ModelPredictionRequest",
    "ModelSortField",
    "ModelUpdateRequest",
    "ModelVersion",
    "ModelVisibility",
    "PaginatedCollections",
    "PaginatedDeployments",
    "PaginatedFiles",
    "PaginatedModels",
    "PaginatedModelVersions",
    "PaginatedPredictions",
    "PaginatedTrainings",
    "Prediction",
    "PredictionMetrics",
    "PredictionRequest",
    "PredictionSourceFilter",
    "PredictionUrls",
    "Problem",
    "SearchCollection",
    "SearchModelMetadata",
    "SearchModelResult",
    "SearchPage",
    "SearchResults",
    "SortDirection",
    "Training",
    "TrainingMetrics",
    "TrainingOutput",
    "TrainingRequest",
    "TrainingUrls",
    "WebhookEvent",
    "WebhookSecret",
)
